namespace Nines.Api.Contracts;

/// <summary>
/// The answer of <c>GET /v1/health</c>: the controller answers, which version it runs, and its long-running loops.
/// The status is <c>ok</c>, or <c>degraded</c> while a loop is restarting or has failed.
/// </summary>
public sealed record HealthView(string Status, string Version)
{
    /// <summary>Every supervised loop of the controller process (empty when the host registers none).</summary>
    public IReadOnlyList<LoopHealthView> Loops { get; init; } = [];
}
