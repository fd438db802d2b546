namespace Nines.Controller.LiveMigration;

/// <summary>A host's drain: whether it is unschedulable, whether moves still run, what the plans still put there, and each VM's outcome.</summary>
public sealed record DrainStatus(
    string Host,
    bool Drained,
    bool Running,
    IReadOnlyList<string> Remaining,
    IReadOnlyList<string> Migrated,
    IReadOnlyList<string> Restarted,
    IReadOnlyList<string> Failed)
{
    /// <summary>Drained, nothing left on it and nothing moving.</summary>
    public bool Empty => Drained && !Running && Remaining.Count == 0;

    /// <summary>
    /// The status as a caller of <paramref name="tenant"/> may read it: the host's own state, and only that tenant's VMs
    /// (every entry starts with its deployment, <c>tenant/name/vm</c>), so another tenant's VM names never show.
    /// </summary>
    public DrainStatus ScopedTo(string tenant)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var prefix = tenant + "/";
        List<string> Own(IReadOnlyList<string> entries) => [.. entries.Where(e => e.StartsWith(prefix, StringComparison.Ordinal))];
        return this with { Remaining = Own(Remaining), Migrated = Own(Migrated), Restarted = Own(Restarted), Failed = Own(Failed) };
    }
}
