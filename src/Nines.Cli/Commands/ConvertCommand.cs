using System.CommandLine;
using Nines.Cli.Input;
using Nines.Cli.Output;
using Nines.Domain.Diagnostics;
using Nines.Scenarios;
using Nines.Scenarios.Clusters;
using Nines.Scenarios.Native;

namespace Nines.Cli.Commands;

/// <summary><c>nines convert FILE</c>: prints the native YAML equivalent of a VNUML, OVF or cluster.conf file.</summary>
internal static class ConvertCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "VNUML scenario, OVF appliance, native scenario, or cluster description" };
        var configuration = new Option<string?>("--configuration") { Description = "OVF deployment option to convert (default: the appliance's default)" };
        var command = new Command("convert", "Print the native YAML equivalent of a file") { file, configuration };
        command.SetAction(parse => Run(context, parse.GetValue(file)!, parse.GetValue(configuration)));
        return command;
    }

    private static int Run(CliContext context, string file, string? configuration)
    {
        var diagnostics = new DiagnosticBag();
        var text = InputFile.ReadText(file, diagnostics);
        string? yaml = null;
        if (text is not null)
        {
            var kind = InputDetector.Detect(text);
            if (kind is InputKind.EdivCluster or InputKind.NativeCluster)
            {
                var cluster = ClusterReader.Read(text, file);
                diagnostics.AddRange(cluster.Diagnostics);
                yaml = cluster.Value is { } c ? NativeClusterWriter.Write(c.Cluster) : null;
            }
            else
            {
                var scenario = ScenarioReader.Read(text, file, configuration);
                diagnostics.AddRange(scenario.Diagnostics);
                yaml = scenario.Value is { } s ? NativeScenarioWriter.Write(s.Scenario) : null;
            }
        }

        var sorted = diagnostics.ToSortedList();
        DiagnosticPrinter.Print(context.Error, sorted);
        if (yaml is null)
        {
            context.Error.WriteLine($"{file}: not converted ({DiagnosticPrinter.Summary(sorted)})");
            return ExitCodes.ForFailure(sorted);
        }

        context.Out.Write(yaml);
        return ExitCodes.Ok;
    }
}
