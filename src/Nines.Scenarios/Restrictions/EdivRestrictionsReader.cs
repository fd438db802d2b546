using Nines.Domain.Diagnostics;

namespace Nines.Scenarios.Restrictions;

/// <summary>
/// Reads an EDIV restrictions file: <c>&lt;deployment_restrictions&gt;</c> holding <c>net_deploy_at</c>,
/// <c>vm_deploy_at</c>, <c>affinity</c>, <c>net_deploy_together</c> and <c>antiaffinity</c> elements, each
/// becoming a hard <see cref="Nines.Domain.Scenarios.PlacementRule"/>. Pure: text and file name in.
/// </summary>
public static class EdivRestrictionsReader
{
    /// <summary>Parses <paramref name="text"/>; every problem is reported with its line and column.</summary>
    public static ParseResult<RestrictionSet> Read(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        var diagnostics = new DiagnosticBag();
        var rules = new EdivRestrictionsMapper(file, diagnostics).Read(text);
        return ParseResult<RestrictionSet>.From(rules, diagnostics);
    }
}
