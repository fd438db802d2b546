namespace Nines.Bench.Soak;

/// <summary>QEMU processes of the soak's tenants, found by the name the driver gives them (<c>-name ID,process=nines-ID</c>).</summary>
internal static class VmProcesses
{
    /// <summary>Pid and VM id of every running guest process of a VM whose id starts with one of the tenants (<c>tenant.</c>).</summary>
    public static IReadOnlyList<(int Pid, string VmId)> Of(IReadOnlyCollection<string> tenants)
    {
        var found = new List<(int, string)>();
        foreach (var tenant in tenants)
        {
            foreach (var (pid, arguments) in Shell.ProcessesMentioning($"process=nines-{tenant}."))
            {
                var name = arguments.SkipWhile(a => a != "-name").Skip(1).FirstOrDefault();
                if (name is not null && name.Split(',')[0] is { } id && id.StartsWith(tenant + ".", StringComparison.Ordinal))
                {
                    found.Add((pid, id));
                }
            }
        }

        return found;
    }

    /// <summary>VM id → how many processes of it run right now.</summary>
    public static IReadOnlyDictionary<string, int> Copies(IReadOnlyCollection<string> tenants) =>
        Of(tenants).GroupBy(p => p.VmId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
