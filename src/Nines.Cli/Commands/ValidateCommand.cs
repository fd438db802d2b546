using System.CommandLine;
using Nines.Cli.Input;
using Nines.Cli.Output;
using Nines.Domain.Diagnostics;
using Nines.Scenarios;
using Nines.Scenarios.Restrictions;

namespace Nines.Cli.Commands;

/// <summary><c>nines validate FILE…</c>: reads each file in whatever language it is and reports every problem.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("file")
        {
            Description = "Scenario (VNUML, native YAML, OVF), cluster (cluster.conf, YAML) or restrictions file(s)",
            Arity = ArgumentArity.OneOrMore,
        };
        var configuration = new Option<string?>("--configuration") { Description = "OVF deployment option to validate" };
        var command = new Command("validate", "Check files and report all errors with file:line:column") { files, configuration };
        command.SetAction(parse => Run(context, parse.GetValue(files)!, parse.GetValue(configuration)));
        return command;
    }

    private static int Run(CliContext context, string[] files, string? configuration)
    {
        var exit = ExitCodes.Ok;
        foreach (var file in files)
        {
            var diagnostics = new DiagnosticBag();
            var summary = Validate(file, configuration, diagnostics);
            var sorted = diagnostics.ToSortedList();
            DiagnosticPrinter.Print(context.Error, sorted);
            if (diagnostics.HasErrors)
            {
                context.Error.WriteLine($"{file}: invalid ({DiagnosticPrinter.Summary(sorted)})");
                exit = ExitCodes.ForFailure(diagnostics.Items);
            }
            else
            {
                context.Out.WriteLine($"{file}: valid {summary}");
            }
        }

        return exit;
    }

    private static string? Validate(string file, string? configuration, DiagnosticBag diagnostics)
    {
        var text = InputFile.ReadText(file, diagnostics);
        if (text is null)
        {
            return null;
        }

        var kind = InputDetector.Detect(text);
        var what = InputDetector.Name(kind);
        switch (kind)
        {
            case InputKind.EdivCluster or InputKind.NativeCluster:
                var cluster = ClusterReader.Read(text, file);
                diagnostics.AddRange(cluster.Diagnostics);
                return cluster.Value is { } c
                    ? $"{what}: {DiagnosticPrinter.Plural(c.Cluster.Hosts.Count, "host")}, VLANs {c.Cluster.Vlans}"
                    : null;
            case InputKind.EdivRestrictions:
                var restrictions = EdivRestrictionsReader.Read(text, file);
                diagnostics.AddRange(restrictions.Diagnostics);
                return restrictions.Value is { } r ? $"{what}: {DiagnosticPrinter.Plural(r.Rules.Count, "rule")}" : null;
            default:
                var scenario = ScenarioReader.Read(text, file, configuration);
                diagnostics.AddRange(scenario.Diagnostics);
                return scenario.Value is { } s
                    ? $"{what} \"{s.Scenario.Name}\": {DiagnosticPrinter.Plural(s.Scenario.Vms.Count, "VM")}, {DiagnosticPrinter.Plural(s.Scenario.Networks.Count, "network")}"
                    : null;
        }
    }
}
