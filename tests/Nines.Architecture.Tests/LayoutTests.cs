using System.Reflection;
using System.Runtime.CompilerServices;
using Nines.Testing;

namespace Nines.Architecture.Tests;

/// <summary>The repository's shape: every source project has its test project, implementations are sealed.</summary>
public sealed class LayoutTests
{
    private static readonly string _root = RepositoryPaths.Root;

    /// <summary>Every assembly under src/ (a project's AssemblyName when it sets one): new projects are covered at once.</summary>
    public static TheoryData<string> ProductAssemblies => [.. ProductAssemblyNames()];

    /// <summary>The names of <see cref="ProductAssemblies"/>.</summary>
    internal static IReadOnlyList<string> ProductAssemblyNames() =>
        [.. Directory.GetFiles(Path.Combine(_root, "src"), "*.csproj", SearchOption.AllDirectories).Order().Select(AssemblyNameOf)];

    [Fact]
    public void SourceProjects_EachHave_AMirroringTestProject()
    {
        var sources = Directory.GetDirectories(Path.Combine(_root, "src")).Select(Path.GetFileName).ToList();
        var tests = Directory.GetDirectories(Path.Combine(_root, "tests")).Select(Path.GetFileName).ToHashSet();

        sources.ShouldNotBeEmpty();
        sources.Where(s => !tests.Contains(s + ".Tests")).ShouldBeEmpty("every src/X needs tests/X.Tests");
    }

    [Theory]
    [MemberData(nameof(ProductAssemblies))]
    public void InternalClasses_AreSealedOrStaticOrAbstract(string name)
    {
        // Loading fails when this test project lacks a ProjectReference to a new src project: add it.
        var unsealed = Assembly.Load(name).GetTypes()
            .Where(t => t.IsClass && !t.IsPublic && !t.IsNestedPublic && !t.IsSealed && !t.IsAbstract)
            .Where(t => !t.IsDefined(typeof(CompilerGeneratedAttribute), false) && !t.Name.Contains('<', StringComparison.Ordinal))
            .Select(t => t.FullName)
            .ToList();

        unsealed.ShouldBeEmpty("implementations are internal sealed");
    }

    private static string AssemblyNameOf(string csproj)
    {
        var declared = System.Xml.Linq.XDocument.Load(csproj).Descendants("AssemblyName").FirstOrDefault()?.Value;
        return declared ?? Path.GetFileNameWithoutExtension(csproj);
    }
}
