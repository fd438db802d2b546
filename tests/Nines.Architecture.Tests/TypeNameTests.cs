using System.Reflection;
using System.Runtime.CompilerServices;

namespace Nines.Architecture.Tests;

/// <summary>One name, one thing: no two public or internal types of the product share a simple name.</summary>
public sealed class TypeNameTests
{
    /// <summary>Names allowed on more than one type: none since issue 19's driver core and process layer.</summary>
    private static readonly HashSet<string> _pendingRenames = new(StringComparer.Ordinal);

    [Fact]
    public void ProductTypes_HaveUniqueSimpleNames()
    {
        var duplicates = ProductTypeNames()
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .Where(g => g.Count() > 1 && !_pendingRenames.Contains(g.Key) && !IsGenericCompanion([.. g]))
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(t => t.FullName).Order(StringComparer.Ordinal))}")
            .Order(StringComparer.Ordinal)
            .ToList();

        duplicates.ShouldBeEmpty("a simple name names one type across src/ (rename one, or say what each is)");
    }

    [Fact]
    public void ProductTypeNames_SeeTypesOfEveryAssembly()
    {
        // Guards the scan: it must find types on both sides of the shell, public and internal.
        var names = ProductTypeNames().Select(t => t.FullName).ToHashSet(StringComparer.Ordinal);

        names.ShouldContain("Nines.Controller.Reconciliation.DeploymentReconciler");
        names.ShouldContain("Nines.Agent.Convergence.LocalHostAgent");
        names.ShouldContain("Nines.Cli.Hosting.ControlPlaneServer");
    }

    /// <summary>Every public or internal type (nested ones too, but not private ones or what the compiler made) of every src assembly.</summary>
    private static List<(string Name, string FullName, string? Namespace, int Arity)> ProductTypeNames() =>
        [.. LayoutTests.ProductAssemblyNames()
            .SelectMany(name => Assembly.Load(name).GetTypes())
            .Where(t => !t.IsDefined(typeof(CompilerGeneratedAttribute), false) && !t.Name.Contains('<', StringComparison.Ordinal))
            .Where(t => !t.IsNested || t.IsNestedPublic || t.IsNestedAssembly || t.IsNestedFamORAssem)
            .Where(t => t.Namespace?.StartsWith("Nines", StringComparison.Ordinal) == true)
            .Select(t => (Name: StripArity(t.Name), FullName: t.FullName ?? t.Name, t.Namespace, Arity: t.IsGenericTypeDefinition ? t.GetGenericArguments().Length : 0))];

    /// <summary>
    /// A static helper beside the generic type it makes (<c>ValueList</c> and <c>ValueList&lt;T&gt;</c>, as
    /// <c>ImmutableArray</c> beside <c>ImmutableArray&lt;T&gt;</c>): one namespace, one name, different arities.
    /// </summary>
    private static bool IsGenericCompanion(IReadOnlyList<(string Name, string FullName, string? Namespace, int Arity)> types) =>
        types.Select(t => t.Namespace).Distinct(StringComparer.Ordinal).Count() == 1
        && types.Select(t => t.Arity).Distinct().Count() == types.Count;

    private static string StripArity(string name) => name.Split('`')[0];
}
