using System.CommandLine;
using Nines.Cli.Commands;

namespace Nines.Cli;

/// <summary>The <c>nines</c> command tree. Output goes to the writers given, so tests read exactly what a user sees.</summary>
internal static class NinesCli
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand($"Nines: deploy scenarios of virtual machines and networks across hosts, and keep them alive.\n{ExitCodes.Summary}");
        root.Subcommands.Add(ValidateCommand.Create(context));
        root.Subcommands.Add(PlanCommand.Create(context));
        root.Subcommands.Add(ConvertCommand.Create(context));
        root.Subcommands.Add(ImageCommand.Create(context));
        root.Subcommands.Add(UpCommand.Create(context));
        root.Subcommands.Add(DownCommand.Create(context));
        root.Subcommands.Add(AgentCommand.Create(context));
        root.Subcommands.Add(AgentGuardCommand.Create(context));
        root.Subcommands.Add(TestbedCommand.Create(context));
        root.Subcommands.Add(DeployCommand.Create(context));
        root.Subcommands.Add(StatusCommand.Create(context));
        root.Subcommands.Add(UndeployCommand.Create(context));
        root.Subcommands.Add(ExecCommand.Create(context));
        root.Subcommands.Add(HostSideCommand.Create(context));
        root.Subcommands.Add(VmCommand.Create(context));
        root.Subcommands.Add(EventsCommand.Create(context));
        root.Subcommands.Add(HaCommand.Create(context));
        root.Subcommands.Add(HostsCommand.Create(context));
        root.Subcommands.Add(HostCommand.Create(context));
        root.Subcommands.Add(OperationsCommand.Create(context));
        root.Subcommands.Add(TokenCommand.Create(context));
        root.Subcommands.Add(TenantCommand.Create(context));
        root.Subcommands.Add(StoreCommand.Create(context));
        return root;
    }

    /// <summary>Runs the CLI with plain output (tests, pipes) and the process's environment.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        RunAsync(args, new CliContext(output, error), cancellationToken);

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parse = Build(context).Parse(args);

        // Ctrl-C and SIGTERM cancel the running command; `up` then stops gracefully, which may take longer than the default 2 s.
        var configuration = new InvocationConfiguration { Output = context.Out, Error = context.Error, ProcessTerminationTimeout = TimeSpan.FromSeconds(60) };
        var exit = await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);

        // A command line that does not parse is a usage error (2), as documented, not the parser's generic 1.
        return parse.Errors.Count > 0 && exit != ExitCodes.Ok ? ExitCodes.Usage : exit;
    }
}
