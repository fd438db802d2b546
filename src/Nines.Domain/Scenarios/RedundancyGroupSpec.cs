namespace Nines.Domain.Scenarios;

/// <summary>
/// VMs that protect one service together (native only). <paramref name="Actives"/> and
/// <paramref name="Standbys"/> are N and M for <see cref="RedundancyModel.NPlusM"/>.
/// </summary>
public sealed record RedundancyGroupSpec(
    string Name,
    RedundancyModel Model,
    ValueList<string> Members,
    int? Actives = null,
    int? Standbys = null,
    ValueList<string> PreferredHosts = default);
