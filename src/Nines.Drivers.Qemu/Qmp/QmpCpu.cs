namespace Nines.Drivers.Qemu.Qmp;

/// <summary>One vCPU from <c>query-cpus-fast</c>; the host thread id lets the driver account CPU time per vCPU.</summary>
internal sealed record QmpCpu(int Index, long ThreadId, string QomPath);
