namespace Nines.Api.Contracts;

/// <summary>A lifecycle operation on one VM.</summary>
public sealed record VmActionRequest(VmAction? Action);
