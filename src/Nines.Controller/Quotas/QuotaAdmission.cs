using Nines.Controller.Repositories;

namespace Nines.Controller.Quotas;

/// <summary>
/// The answer of an admission: the deployment as stored, or (<see cref="Stored"/> null) every quota it would break.
/// </summary>
public sealed record QuotaAdmission(StoredDeployment? Stored, IReadOnlyList<QuotaViolation> Violations);
