using System.CommandLine;
using System.Diagnostics;
using Nines.Agent.Convergence;
using Nines.Agent.Hosting;
using Nines.Cli.Hosting;
using Nines.Cli.Remote;
using Nines.Networking.Commands;

namespace Nines.Cli.Commands;

/// <summary>
/// <c>nines down</c>: stops this machine's controller (SIGTERM, as Ctrl-C would) and, unless <c>--keep-vms</c>, removes
/// what it runs — every deployment's VMs and network objects, the Open vSwitch daemons it started and the default
/// network namespace. The desired state stays in the store, so the next <c>nines up</c> deploys it again; undeploy first
/// to forget a deployment.
/// </summary>
internal static class DownCommand
{
    private static readonly TimeSpan _stopWait = TimeSpan.FromSeconds(30);

    public static Command Create(CliContext context)
    {
        var data = new Option<string?>("--data") { Description = "Data directory of the controller to stop (default: as for nines up)" };
        var keepVms = new Option<bool>("--keep-vms") { Description = "Only stop the controller: VMs and their networks keep running for the next `nines up`" };
        var command = new Command("down", "Stop this machine's controller and remove the VMs, networks, Open vSwitch and namespace it runs (the deployments stay in the store)")
        {
            data, keepVms,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(context, parse.GetValue(data), parse.GetValue(keepVms), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string? dataOption, bool keepVms, CancellationToken cancellationToken)
    {
        var data = ControllerResolver.DataDirectory(context, dataOption);
        var info = ControllerInfo.TryRead(data);
        if (info is not null && await StopControllerAsync(context, info, cancellationToken).ConfigureAwait(false) is { } failed)
        {
            return failed;
        }

        if (keepVms)
        {
            return ExitCodes.Ok;
        }

        var record = info ?? ControllerInfo.TryReadLastRun(data);
        var (driver, netns) = Target(record, File.Exists(Path.Combine("/run/netns", NetworkNamespaceSetup.DefaultName)));
        if (driver == EmbeddedDriverKind.Fake)
        {
            ControllerInfo.DeleteLastRun(data);
            await context.Out.WriteLineAsync("nines down: the fake driver's VMs ended with the controller").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (!Directory.Exists(Path.Combine(data, "ovs")) && !Directory.Exists(Path.Combine(data, "vms")))
        {
            ControllerInfo.DeleteLastRun(data);
            await context.Out.WriteLineAsync($"nines down: nothing runs for {data}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        try
        {
            await TearDownAsync(context, data, netns, DeletesNamespace(record, netns), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or NetworkCommandException or Drivers.Errors.VmDriverException)
        {
            await context.Error.WriteLineAsync($"nines down: tearing down failed: {e.Message}").ConfigureAwait(false);
            return ExitCodes.OperationFailed;
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// What to tear down: what the running (or last) controller's record names; without any record (a data directory
    /// from before records were kept), what the default <c>up</c> would have made.
    /// </summary>
    internal static (EmbeddedDriverKind Driver, string? Netns) Target(ControllerInfo? record, bool defaultNamespaceExists)
    {
        if (record is not null)
        {
            return (record.Driver == "fake" ? EmbeddedDriverKind.Fake : EmbeddedDriverKind.Qemu, record.NetworkNamespace);
        }

        return (EmbeddedDriverKind.Qemu, defaultNamespaceExists ? NetworkNamespaceSetup.DefaultName : null);
    }

    /// <summary>
    /// Whether <c>down</c> deletes the namespace: the default one (made by the default <c>up</c>), or any namespace the
    /// record says <c>up</c> created (<c>--netns OTHER</c> that did not exist); a namespace the user made is left.
    /// </summary>
    internal static bool DeletesNamespace(ControllerInfo? record, string? netns) =>
        netns is not null && (netns == NetworkNamespaceSetup.DefaultName || record is { OwnsNamespace: true } && record.NetworkNamespace == netns);

    private static async Task<int?> StopControllerAsync(CliContext context, ControllerInfo info, CancellationToken cancellationToken)
    {
        Process process;
        try
        {
            process = Process.GetProcessById(info.Pid);
        }
        catch (ArgumentException)
        {
            return null; // Already gone; its record was left behind by a kill.
        }

        using (process)
        {
            await context.Out.WriteLineAsync($"nines down: stopping the controller (pid {info.Pid})").ConfigureAwait(false);
            Nines.Processes.ProcessSignals.Send(info.Pid, Nines.Processes.ProcessSignals.SigTerm);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_stopWait);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await context.Error.WriteLineAsync($"nines down: the controller (pid {info.Pid}) did not stop within {_stopWait.TotalSeconds:0} s").ConfigureAwait(false);
                return ExitCodes.OperationFailed;
            }
        }

        return null;
    }

    /// <summary>Removes every deployment's VMs and network objects with the host's own runtime (no controller, so nothing is redeployed meanwhile).</summary>
    private static async Task TearDownAsync(CliContext context, string data, string? netns, bool deleteNamespace, CancellationToken cancellationToken)
    {
        var runtime = await HostVmStack.StartAsync(new HostVmStackOptions(data) { NetworkNamespace = netns }, cancellationToken).ConfigureAwait(false);
        await using (runtime.ConfigureAwait(false))
        {
            var agent = new LocalHostAgent("local", runtime.Driver, runtime.Networks);
            foreach (var deployment in await agent.ListDeploymentsAsync(cancellationToken).ConfigureAwait(false))
            {
                await context.Out.WriteLineAsync($"nines down: removing {deployment}").ConfigureAwait(false);
                await agent.RemoveAsync(deployment, cancellationToken).ConfigureAwait(false);
            }

            if (runtime.Ovs is { } ovs)
            {
                await ovs.StopAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (deleteNamespace && netns is not null)
        {
            var removed = await new ProcessCommandRunner().RunAsync("ip", ["netns", "del", netns], null, cancellationToken).ConfigureAwait(false);
            removed.ThrowIfFailed();
        }

        ControllerInfo.DeleteLastRun(data);
        await context.Out.WriteLineAsync("nines down: done (the deployments stay in the store: `nines up` brings them back, `nines undeploy NAME` forgets one)").ConfigureAwait(false);
    }
}
