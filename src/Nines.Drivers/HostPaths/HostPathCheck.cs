using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;

namespace Nines.Drivers.HostPaths;

/// <summary>Runs the host-resource policy over a whole scenario or definition: every refusal, all at once.</summary>
public static class HostPathCheck
{
    /// <summary>
    /// Every host path of <paramref name="document"/>'s VMs (defaults applied) checked for a scenario submitted in
    /// <paramref name="tenant"/>: the errors, each located where its VM (or kernel, filesystem) was written and naming
    /// the field and the rule. <paramref name="probe"/> is <see cref="HostPathProbe.Probe"/> outside tests.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Scenario(HostPathPolicy policy, string tenant, ScenarioDocument document, Func<string, HostPathFacts>? probe = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(document);
        probe ??= HostPathProbe.Probe;
        var errors = new List<Diagnostic>();
        foreach (var vm in document.Scenario.Vms)
        {
            var effective = document.Scenario.Effective(vm);
            foreach (var use in HostPathUses.Of(effective))
            {
                var location = Locate(document.Map, vm, use);
                if (Check(policy, tenant, use, location, probe, strict: false) is { } error)
                {
                    errors.Add(error);
                }
            }
        }

        return errors;
    }

    /// <summary>
    /// The agent's check of a definition of <paramref name="tenant"/>'s VM right before it is defined: every path must
    /// lie inside the libraries whether it exists or not (a missing one inside is the driver's to report).
    /// </summary>
    public static IReadOnlyList<Diagnostic> Definition(HostPathPolicy policy, string tenant, Drivers.VmDefinition definition, Func<string, HostPathFacts>? probe = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(definition);
        probe ??= HostPathProbe.Probe;
        var location = SourceLocation.OfFile("api");
        return [.. HostPathUses.Of(definition).Select(use => Check(policy, tenant, use, location, probe, strict: true)).OfType<Diagnostic>()];
    }

    private static Diagnostic? Check(HostPathPolicy policy, string tenant, HostPathUse use, SourceLocation location, Func<string, HostPathFacts> probe, bool strict)
    {
        if (HostPathPolicy.CheckSyntax(use, location, out var needsProbe) is { } refused)
        {
            return refused;
        }

        return needsProbe ? policy.Decide(tenant, use, probe(use.Path), location, strict) : null;
    }

    // The kernel's or filesystem's own element when the reader recorded it (an inherited one is located at the VM).
    private static SourceLocation Locate(SourceMap map, VmSpec vm, HostPathUse use)
    {
        object? part = use.Field.EndsWith("/kernel", StringComparison.Ordinal) || use.Field.EndsWith("/initrd", StringComparison.Ordinal) ? vm.Kernel
            : use.Field.EndsWith("/filesystem", StringComparison.Ordinal) ? vm.Filesystem
            : null;
        if (part is not null && map.Locate(part) is { Line: > 0 } precise)
        {
            return precise;
        }

        return map.Locate(vm);
    }
}
