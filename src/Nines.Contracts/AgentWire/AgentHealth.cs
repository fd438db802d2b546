namespace Nines.Contracts.AgentWire;

/// <summary>The answer of <c>GET /agent/v1/health</c> (anonymous): who this agent is.</summary>
/// <param name="Host">The host name the agent registers as.</param>
/// <param name="Driver">The VM driver it runs (<c>qemu</c>, <c>fake</c>…).</param>
/// <param name="Version">The agent's version (its assembly's informational version).</param>
public sealed record AgentHealth(string Host, string Driver, string Version);
