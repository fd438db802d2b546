namespace Nines.Contracts.Model;

/// <summary>
/// What a host runs, as its agent last probed it: the agent's own version, the QEMU it launches guests with and the
/// kernel. A hypervisor upgrade compares them before and after its hook.
/// </summary>
/// <param name="Agent">The agent's informational version.</param>
/// <param name="Qemu">The version <c>qemu-system-x86_64 --version</c> prints; null when QEMU is not installed.</param>
/// <param name="Kernel">The running kernel's release (<c>/proc/sys/kernel/osrelease</c>).</param>
/// <param name="ProbedAt">When the agent probed them (its own clock).</param>
public sealed record HostVersions(string Agent, string? Qemu, string Kernel, DateTimeOffset ProbedAt);
