using System.CommandLine;
using Nines.Cli.Commands;

namespace Nines.Cli;

/// <summary>The <c>nines</c> command tree. Output goes to the writers given, so tests read exactly what a user sees.</summary>
internal static class NinesCli
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("Nines: deploy scenarios of virtual machines and networks across hosts, and keep them alive.");
        root.Subcommands.Add(ValidateCommand.Create(context));
        root.Subcommands.Add(PlanCommand.Create(context));
        root.Subcommands.Add(ConvertCommand.Create(context));
        root.Subcommands.Add(ImageCommand.Create(context));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var context = new CliContext(output, error);
        var parse = Build(context).Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}
