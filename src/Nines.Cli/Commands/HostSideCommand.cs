using System.CommandLine;
using System.Diagnostics;
using Nines.Cli.Remote;
using Nines.Networking.Planning;

namespace Nines.Cli.Commands;

/// <summary>
/// <c>nines hostside NAME [--netns NS] -- COMMAND…</c>: runs a command on this machine inside the network namespace a
/// deployment's host side lives in (<c>ip netns exec ND COMMAND…</c>), its output and exit code passed through. The
/// deployment is looked up through the API with the caller's token, so only a deployment of the caller's tenant is found;
/// the command itself runs locally, as the local user (root, to enter a namespace): the API never runs host commands.
/// </summary>
internal static class HostSideCommand
{
    public static Command Create(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("hostside", "Run a command (ping, ip, ...) on this machine inside a deployment's host-side network namespace");
        var name = new Argument<string>("name") { Description = "The deployment" };
        var rest = new Argument<string[]>("command") { Description = "After --: the command and its arguments", Arity = ArgumentArity.ZeroOrMore };
        var netns = new Option<string?>("--netns")
        {
            Description = "The namespace the host's switch runs in (an agent's --netns, a testbed host's namespace); default: the local controller's",
        };
        command.Arguments.Add(name);
        command.Arguments.Add(rest);
        command.Options.Add(netns);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var run = ExecCommand.AfterDoubleDash(parse);
            if (run is not { Count: > 0 })
            {
                await context.Error.WriteLineAsync("nines hostside: name the command after --: nines hostside NAME -- ping -c1 10.0.0.1").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var deployment = parse.GetValue(name)!;
            var switchNamespace = parse.GetValue(netns);
            return await RemoteCommand.RunAsync(
                context,
                "hostside",
                remote.Read(parse),
                autoStart: false,
                c => RunAsync(context, c, deployment, switchNamespace, run, cancellationToken),
                cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>The namespace <paramref name="deployment"/>'s host side lives in, given where the switch runs and the host-side mode.</summary>
    internal static string? NamespaceOf(string tenant, string deployment, string? switchNamespace, string? hostSide) =>
        hostSide == HostSideArgument.Shared ? switchNamespace : HostSideNamespace.Name($"{tenant}.{deployment}", switchNamespace);

    private static async Task<int> RunAsync(CliContext context, ControllerConnection connection, string name, string? switchNamespace, IReadOnlyList<string> run, CancellationToken cancellationToken)
    {
        // Through the API first: the caller's token decides which tenant's deployment NAME is (404 otherwise).
        var view = (await connection.Client.GetDeploymentAsync(name, cancellationToken).ConfigureAwait(false)).Value;
        var ns = NamespaceOf(view.Tenant, view.Name, switchNamespace ?? connection.Info?.NetworkNamespace, switchNamespace is null ? connection.Info?.HostSide : null);
        if (ns is null || !File.Exists(Path.Combine("/run/netns", ns)))
        {
            await context.Error.WriteLineAsync(
                $"nines hostside: deployment {view.Tenant}/{view.Name} has no host side on this machine (no network namespace \"{ns}\"; its scenario may have no host interface, or its host side is on another host: give that host's switch namespace with --netns)").ConfigureAwait(false);
            return ExitCodes.OperationFailed;
        }

        using var process = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", ns, .. run])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("ip did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await context.Out.WriteAsync(await stdout.ConfigureAwait(false)).ConfigureAwait(false);
        await context.Error.WriteAsync(await stderr.ConfigureAwait(false)).ConfigureAwait(false);
        return process.ExitCode;
    }
}
