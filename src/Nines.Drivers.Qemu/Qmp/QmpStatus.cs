namespace Nines.Drivers.Qemu.Qmp;

/// <summary>The answer to <c>query-status</c>: whether the vCPUs run and QEMU's run state (running, paused, shutdown, …).</summary>
internal sealed record QmpStatus(bool Running, string Status);
