using System.Globalization;
using System.Text.RegularExpressions;

namespace Nines.Bench.Upgrade;

/// <summary>What one <c>ping -i 0.01</c> stream saw: replies by sequence number, the losses and the longest gap.</summary>
internal static partial class PingLog
{
    /// <summary>Sent and received from ping's summary, and the longest run of missing sequence numbers (in pings).</summary>
    public static (int Sent, int Received, int LongestGap) Of(string output)
    {
        var summary = Summary().Match(output);
        var sent = summary.Success ? int.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var received = summary.Success ? int.Parse(summary.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        var seen = Reply().Matches(output).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        var longest = 0;
        var previous = seen.Count > 0 ? seen[0] - 1 : -1;
        foreach (var seq in seen)
        {
            longest = Math.Max(longest, seq - previous - 1);
            previous = seq;
        }

        return (sent, received, longest);
    }

    [GeneratedRegex(@"(\d+) packets transmitted, (\d+) (?:packets )?received")]
    private static partial Regex Summary();

    [GeneratedRegex(@"seq=(\d+)")]
    private static partial Regex Reply();
}
