using Nines.Contracts.Model;

namespace Nines.Controller.LiveMigration;

/// <summary>A unit taken out of service for a move: its group, and the service instances switched over from it.</summary>
public sealed record UnitHandoverTicket(DeploymentRef Deployment, string Group, string Unit, IReadOnlyList<string> SwitchedOver);
