using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Validation;

/// <summary>
/// The checks every scenario must pass whatever language it was written in: names unique, references
/// resolve, counts consistent. Readers check their own syntax, then call this on the model they built;
/// each finding is located with the <see cref="SourceMap"/>, and all are added to the same bag.
/// </summary>
internal static partial class ScenarioValidator
{
    public static void Validate(Scenario scenario, SourceMap map, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var context = new Context(scenario, map, diagnostics);
        CheckNames(context);
        CheckInterfaces(context);
        CheckAutoMac(context);
        CheckMacs(context);
        CheckPointToPoint(context);
        CheckHostRoutes(context);
        CheckRedundancyGroups(context);
        CheckPlacementRules(context);
        CheckResources(context);
        CheckLimits(context);
    }

    private static void CheckNames(Context context)
    {
        CheckUnique(context, context.Scenario.Vms, vm => vm.Name, ("vm", "vm"), ScenarioValidationCodes.DuplicateVm);
        CheckUnique(context, context.Scenario.Networks, net => net.Name, ("network", "net"), ScenarioValidationCodes.DuplicateNetwork);
    }

    /// <summary>Reports empty names, and every repeat of a name with where it was first used.</summary>
    /// <param name="kind">How messages name the item, and the field path's segment for it.</param>
    private static void CheckUnique<T>(
        Context context, IEnumerable<T> items, Func<T, string> name, (string Prose, string Field) kind, string code)
        where T : notnull
    {
        var first = new Dictionary<string, T>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in items)
        {
            var itemName = name(item);
            if (string.IsNullOrWhiteSpace(itemName))
            {
                context.Error(ScenarioValidationCodes.EmptyName, item, $"{kind.Field}[{index}]", $"{kind.Prose} #{index + 1} has an empty name");
            }
            else if (!first.TryAdd(itemName, item))
            {
                context.Error(
                    code,
                    item,
                    $"{kind.Field}[{itemName}]",
                    $"{kind.Prose} name \"{itemName}\" is used more than once (first at {context.Map.Locate(first[itemName])})");
            }

            index++;
        }
    }

    private static void CheckPlacementRules(Context context)
    {
        var index = 0;
        foreach (var rule in context.Scenario.PlacementRules)
        {
            foreach (var vm in rule.Vms.Where(v => context.Scenario.FindVm(v) is null).Distinct(StringComparer.Ordinal))
            {
                context.Error(
                    ScenarioValidationCodes.UnknownRuleVm,
                    rule,
                    $"placement[{index}]",
                    $"placement rule {rule}: vm \"{vm}\" is not a VM of the scenario{Context.Known("VMs", context.Scenario.Vms.Select(v => v.Name))}");
            }

            foreach (var net in rule.Networks.Where(n => context.Scenario.FindNetwork(n) is null).Distinct(StringComparer.Ordinal))
            {
                context.Error(
                    ScenarioValidationCodes.UnknownRuleNetwork,
                    rule,
                    $"placement[{index}]",
                    $"placement rule {rule}: network \"{net}\" is not a network of the scenario{Context.Known("networks", context.Scenario.Networks.Select(n => n.Name))}");
            }

            index++;
        }
    }

    /// <summary>What one validation pass works on.</summary>
    private sealed record Context(Scenario Scenario, SourceMap Map, DiagnosticBag Diagnostics)
    {
        public void Error(string code, object located, string field, string message) =>
            Diagnostics.Error(code, Map.Locate(located), field, message);

        /// <summary>A hint listing the names that do exist: <c> (networks: Net0, Net1)</c>.</summary>
        public static string Known(string kind, IEnumerable<string> names)
        {
            var list = names.Distinct(StringComparer.Ordinal).ToList();
            return list.Count == 0 ? $" (it defines no {kind})" : $" ({kind}: {string.Join(", ", list)})";
        }
    }
}
