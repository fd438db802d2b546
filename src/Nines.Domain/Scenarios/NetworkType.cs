namespace Nines.Domain.Scenarios;

/// <summary>Whether the network is a shared segment or a point-to-point link.</summary>
public enum NetworkType
{
    Lan,
    Ppp,
}
