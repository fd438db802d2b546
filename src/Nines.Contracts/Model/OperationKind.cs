namespace Nines.Contracts.Model;

/// <summary>What an operation does.</summary>
public enum OperationKind
{
    Deploy,
    Undeploy,
    Exec,
    VmOp,

    /// <summary>A live migration of one VM to another host (<see cref="Operation.Migration"/> holds its progress).</summary>
    Migrate,

    /// <summary>A hypervisor upgrade of hosts, one batch at a time (<see cref="Operation.HostUpgrade"/> holds each host's step).</summary>
    HostUpgrade,
}
