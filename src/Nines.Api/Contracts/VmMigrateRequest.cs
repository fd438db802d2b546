namespace Nines.Api.Contracts;

/// <summary>The body of <c>POST /v1/deployments/{name}/vms/{vm}/migrate</c>: live-migrate the VM to host <paramref name="To"/>.</summary>
public sealed record VmMigrateRequest(string? To);
