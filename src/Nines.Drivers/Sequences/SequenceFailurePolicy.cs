namespace Nines.Drivers.Sequences;

/// <summary>What a VM's sequence does after one of its commands fails.</summary>
public enum SequenceFailurePolicy
{
    /// <summary>The VM's remaining commands are skipped (other VMs go on with theirs).</summary>
    StopVm,

    /// <summary>The VM's remaining commands still run; every failure is reported.</summary>
    Continue,
}
