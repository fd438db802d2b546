using Nines.Contracts.Model;

namespace Nines.Controller.LiveMigration;

/// <summary>The outcome of <see cref="MigrationCoordinator.StartAsync"/>: the operation, or why there is none.</summary>
/// <param name="Field">The request field the refusal is about (<c>vm</c>, <c>to</c>), or null for a conflict with the deployment's state.</param>
public sealed record MigrationStart(Operation? Operation, string? Field, string? Error, bool NotFound)
{
    internal static MigrationStart Refused(string? field, string error, bool notFound = false) => new(null, field, error, notFound);
}
