namespace Nines.Api.Contracts;

/// <summary>One quota a request would break, as a 422 <c>quota exceeded</c> answer lists it in <c>violations</c>.</summary>
public sealed record QuotaViolationView(string Field, string Rule, long Limit, long Usage, long Requested, string Message);
