namespace Nines.Drivers.Qemu.Qmp;

/// <summary>The answer to <c>query-kvm</c>: whether KVM is compiled in (present) and in use (enabled).</summary>
internal sealed record QmpKvmStatus(bool Enabled, bool Present);
