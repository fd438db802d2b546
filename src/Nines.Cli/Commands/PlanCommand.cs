using System.CommandLine;
using Nines.Cli.Input;
using Nines.Cli.Output;
using Nines.Domain;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Scheduling;

namespace Nines.Cli.Commands;

/// <summary>
/// <c>nines plan FILE</c>: shows how a scenario would be split over the cluster's hosts and which VLAN each
/// cross-host network gets — the same planner <c>deploy</c> uses, without touching anything.
/// </summary>
internal static class PlanCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "Scenario file (VNUML, native YAML or OVF)" };
        var cluster = new Option<string?>("--cluster") { Description = "Cluster description (EDIV cluster.conf or native YAML); default: this machine alone" };
        var restrictions = new Option<string?>("--restrictions") { Description = "EDIV deployment restrictions file" };
        var algorithm = new Option<string?>("--algorithm") { Description = $"Partitioning algorithm: {string.Join(", ", Partitioners.Names)} (default: the cluster's, else Balanced)" };
        var mode = new Option<PackingMode>("--mode") { Description = "Balanced only: spread VMs over hosts or pack them", DefaultValueFactory = _ => PackingMode.Spread };
        var output = new Option<PlanOutputFormat>("--output", "-o") { Description = "table or json", DefaultValueFactory = _ => PlanOutputFormat.Table };
        var configuration = new Option<string?>("--configuration") { Description = "OVF deployment option (e.g. 2CPU-4GB)" };
        var command = new Command("plan", "Show how a scenario would be partitioned over the cluster's hosts")
        {
            file, cluster, restrictions, algorithm, mode, output, configuration,
        };
        command.SetAction(parse => Run(
            context,
            new PlanArguments(
                parse.GetValue(file)!,
                parse.GetValue(cluster),
                parse.GetValue(restrictions),
                parse.GetValue(algorithm),
                parse.GetValue(mode),
                parse.GetValue(output),
                parse.GetValue(configuration))));
        return command;
    }

    private static int Run(CliContext context, PlanArguments args)
    {
        var diagnostics = new DiagnosticBag();
        var document = InputLoader.Scenario(args.File, args.Configuration, diagnostics);
        var cluster = args.Cluster is null ? LocalCluster.Describe() : InputLoader.Cluster(args.Cluster, diagnostics);
        var restrictions = args.Restrictions is null ? ValueList<LocatedRule>.Empty : InputLoader.Restrictions(args.Restrictions, diagnostics);
        if (diagnostics.HasErrors || document is null || cluster is null || restrictions is null)
        {
            return Fail(context, diagnostics);
        }

        var scenarioRules = document.Scenario.PlacementRules.Select(r => new LocatedRule(r, document.Map.Locate(r)));
        var request = new PlacementRequest(
            document.Scenario,
            cluster,
            ValueList.From(restrictions.Value.Concat(scenarioRules)),
            Mode: args.Mode);
        var plan = Planner.Plan(request, args.Algorithm);
        diagnostics.AddRange(plan.Diagnostics);

        DiagnosticPrinter.Print(context.Error, diagnostics.ToSortedList());
        if (!plan.Succeeded)
        {
            context.Error.WriteLine($"no plan: {DiagnosticPrinter.Summary(diagnostics.Items)}");
            return ExitCodes.InvalidInput;
        }

        if (args.Output == PlanOutputFormat.Json)
        {
            PlanJsonWriter.Write(context.Out, document.Scenario, cluster, plan);
        }
        else
        {
            PlanTableWriter.Write(context.Out, document.Scenario, cluster, plan);
        }

        return plan.Allocation.Unplaced.IsEmpty ? ExitCodes.Ok : ExitCodes.InvalidInput;
    }

    private static int Fail(CliContext context, DiagnosticBag diagnostics)
    {
        var sorted = diagnostics.ToSortedList();
        DiagnosticPrinter.Print(context.Error, sorted);
        context.Error.WriteLine($"no plan: {DiagnosticPrinter.Summary(sorted)}");
        return ExitCodes.ForFailure(sorted);
    }

    private sealed record PlanArguments(
        string File,
        string? Cluster,
        string? Restrictions,
        string? Algorithm,
        PackingMode Mode,
        PlanOutputFormat Output,
        string? Configuration);
}
