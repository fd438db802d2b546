using Nines.Domain;
using Nines.Domain.Diagnostics;

namespace Nines.Scheduling;

/// <summary>The VLANs chosen for cross-host networks, and the errors when the range ran out.</summary>
public sealed record VlanAllocation(ValueList<VlanAssignment> Assignments, ValueList<Diagnostic> Diagnostics);
