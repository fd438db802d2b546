namespace Nines.Drivers.Container.Launch;

/// <summary>
/// A NIC attachment the container driver understands: <c>veth:NAME</c> makes a veth pair whose host end NAME is a
/// port on the host's Open vSwitch bridge (<c>PortKind.Veth</c> in Nines.Networking) and whose other end is the
/// instance's <c>eth&lt;id&gt;</c>. Null or <c>none</c>: the instance has only its loopback for that NIC.
/// </summary>
internal static class VethAttachment
{
    public const string Prefix = "veth:";

    /// <summary>The host end's name, or null for no interface.</summary>
    /// <exception cref="ArgumentException">Any other attachment.</exception>
    public static string? Parse(string? attachment)
    {
        if (attachment is null or "none")
        {
            return null;
        }

        if (attachment.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var name = attachment[Prefix.Length..];
            if (name.Length is > 0 and <= 15 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return name;
            }

            throw new ArgumentException($"\"{name}\" is not a Linux interface name (1-15 of A-Z a-z 0-9 - _ .)");
        }

        throw new ArgumentException($"attachment \"{attachment}\" is not supported by the container driver (expected veth:NAME or none)");
    }
}
