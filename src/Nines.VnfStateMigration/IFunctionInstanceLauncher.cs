namespace Nines.VnfStateMigration;

/// <summary>Starts a function's instance on a host.</summary>
public interface IFunctionInstanceLauncher
{
    /// <summary>Starts an instance on <paramref name="host"/>; <paramref name="frozen"/> starts it empty and frozen, waiting for a state.</summary>
    Task<IFunctionInstance> LaunchAsync(FunctionHost host, bool frozen, CancellationToken cancellationToken);
}
