using Nines.Drivers.Migration;

namespace Nines.Contracts.Agents;

/// <summary>An outgoing migration as its source host sees it.</summary>
/// <param name="Finished">It ended: <see cref="Result"/> on success, else <see cref="Error"/> (and <see cref="Cancelled"/> when cancelled).</param>
/// <param name="ErrorCode">The driver error's code (<c>driver-failure</c>, <c>driver-timeout</c>…), when it failed.</param>
public sealed record OutgoingMigration(
    string VmId,
    string Destination,
    bool Finished,
    MigrationProgress? Progress,
    MigrationResult? Result = null,
    string? Error = null,
    string? ErrorCode = null,
    bool Cancelled = false);
