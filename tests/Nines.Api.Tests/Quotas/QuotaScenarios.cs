namespace Nines.Api.Tests.Quotas;

/// <summary>Small native scenarios of a chosen size, for quota admission.</summary>
internal static class QuotaScenarios
{
    /// <summary>A scenario of <paramref name="vms"/> VMs of <paramref name="memoryMiB"/> MiB and one vCPU each on <paramref name="networks"/> networks.</summary>
    public static string Of(string name, int vms, int memoryMiB = 128, int networks = 1, int? realTimePriority = null)
    {
        var text = new System.Text.StringBuilder();
        text.Append("nines: 1\nname: ").Append(name).Append("\nnetworks:\n");
        for (var n = 0; n < networks; n++)
        {
            text.Append("  - name: net").Append(n).Append('\n');
        }

        text.Append("vms:\n");
        for (var v = 0; v < vms; v++)
        {
            text.Append("  - name: vm").Append(v).Append("\n    memory: ").Append(memoryMiB).Append("M\n    vcpus: 1\n");
            text.Append("    interfaces:\n      - {id: 1, network: net").Append(v % networks).Append(", ipv4: [10.9.").Append(v % networks).Append('.').Append(v + 1).Append("/24]}\n");
            if (realTimePriority is { } priority)
            {
                text.Append("    qos: {realtime_priority: ").Append(priority).Append("}\n");
            }
        }

        return text.ToString();
    }
}
