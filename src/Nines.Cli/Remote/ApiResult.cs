namespace Nines.Cli.Remote;

/// <summary>
/// An API answer both ways: <see cref="Value"/> for the CLI's tables and <see cref="Json"/>, the body exactly as the
/// API sent it, for <c>--output json</c>.
/// </summary>
public sealed record ApiResult<T>(T Value, string Json);
