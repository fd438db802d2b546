using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nines.Networking.Planning;

/// <summary>
/// Deterministic Linux interface names for scenario objects. Ids (scenario, VM, network) can be long and
/// use any characters, while a name has at most 15 bytes (IFNAMSIZ − 1) of a safe alphabet, so names are a
/// prefix plus a hash of the ids. A salt only changes the name when it would clash with a name already on
/// the host; the allocation is then kept in OVS (external_ids) and read back, so it stays stable.
/// </summary>
internal static class InterfaceNamer
{
    /// <summary>The longest interface name Linux accepts.</summary>
    public const int MaxLength = 15;

    public const string TapPrefix = "nt";
    public const string HostPrefix = "nh";
    public const string NamespacePrefix = "nd";

    private const int HashLength = 12;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string Tap(string scenarioId, string vm, int interfaceId, int salt) =>
        TapPrefix + Hash("tap", scenarioId, vm, interfaceId.ToString(CultureInfo.InvariantCulture), Salt(salt));

    public static string Host(string scenarioId, string network, int salt) =>
        HostPrefix + Hash("host", scenarioId, network, Salt(salt));

    public static string HostSideNamespace(string deploymentId, string switchNamespace) =>
        NamespacePrefix + Hash("netns", deploymentId, switchNamespace);

    private static string Salt(int salt) => salt.ToString(CultureInfo.InvariantCulture);

    /// <summary>Base32 of SHA-256 over the NUL-joined parts: 12 characters keep 60 bits.</summary>
    private static string Hash(params string[] parts)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', parts)));
        var name = new StringBuilder(HashLength);
        ulong bits = 0;
        var count = 0;
        foreach (var b in digest)
        {
            bits = (bits << 8) | b;
            count += 8;
            while (count >= 5 && name.Length < HashLength)
            {
                name.Append(Alphabet[(int)((bits >> (count - 5)) & 31)]);
                count -= 5;
            }

            if (name.Length == HashLength)
            {
                break;
            }
        }

        return name.ToString();
    }
}
