using Nines.Networking.Commands;

namespace Nines.Networking.Ovs;

/// <summary>An Open vSwitch instance the applier configures (implemented by <see cref="OvsDaemon"/>).</summary>
public interface IOvsSwitch
{
    /// <summary>The datapath new bridges get.</summary>
    OvsDatapath Datapath { get; }

    /// <summary>Runs <c>ovs-vsctl</c> with these arguments against this instance.</summary>
    Task<CommandResult> VsctlAsync(IEnumerable<string> arguments, CancellationToken cancellationToken);
}
