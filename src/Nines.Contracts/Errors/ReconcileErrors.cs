using System.Data.Common;
using Nines.Drivers.Errors;
using Nines.Networking.Commands;

namespace Nines.Contracts.Errors;

/// <summary>
/// Which failures of a reconcile pass are worth retrying. Anything not known to be transient is a bug: the loop
/// stops (and with it the process) rather than limping on.
/// </summary>
public static class ReconcileErrors
{
    public static bool IsTransient(Exception error) => error switch
    {
        TransientDeploymentException => true,
        Contracts.Agents.StaleDesiredSetException => true,
        Nines.Store.StoreFullException => true,
        InvalidDefinitionException => false,
        VmDriverException => true,
        NetworkCommandException => true,
        IOException or TimeoutException or HttpRequestException or DbException => true,
        _ => false,
    };
}
