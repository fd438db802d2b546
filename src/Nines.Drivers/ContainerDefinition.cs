using Nines.Domain;

namespace Nines.Drivers;

/// <summary>
/// What an OS-level instance runs: its command (the instance's init, PID 1 of its PID namespace) and its root.
/// </summary>
/// <param name="Command">Program and arguments, resolved inside the root; empty runs an idle shell that ends on SIGTERM.</param>
/// <param name="RootDirectory">
/// A host directory used read-only as the root, under a writable overlay private to the instance; null uses the
/// busybox root the driver builds from the guest image's <c>busybox-static</c> package.
/// </param>
/// <param name="PidsLimit">Maximum number of processes in the instance; null for no limit.</param>
/// <param name="Environment">Extra environment variables, <c>NAME=value</c>.</param>
public sealed record ContainerDefinition(
    ValueList<string> Command = default,
    string? RootDirectory = null,
    int? PidsLimit = null,
    ValueList<string> Environment = default);
