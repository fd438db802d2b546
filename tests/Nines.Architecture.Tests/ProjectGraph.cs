using System.Reflection;
using System.Xml.Linq;
using Nines.Testing;

namespace Nines.Architecture.Tests;

/// <summary>
/// The product projects under src/ and their references, read from two places: the project files (what a project
/// is built against, followed transitively: a reference through another project counts) and the compiled assemblies
/// (what the IL really uses). Names are project names (<c>Nines.Controller</c>); the CLI is <c>Nines.Cli</c>.
/// </summary>
internal static class ProjectGraph
{
    private static readonly Lazy<Dictionary<string, string[]>> _direct = new(ReadProjectFiles);

    /// <summary>Every src project by name with the src projects its project file references directly.</summary>
    public static IReadOnlyDictionary<string, string[]> Direct => _direct.Value;

    /// <summary>Every src project <paramref name="project"/> is built against, directly or through another.</summary>
    public static IReadOnlySet<string> Transitive(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(Direct[project]);
        while (pending.TryPop(out var next))
        {
            if (seen.Add(next))
            {
                foreach (var further in Direct.GetValueOrDefault(next, []))
                {
                    pending.Push(further);
                }
            }
        }

        return seen;
    }

    /// <summary>The Nines assemblies the compiled <paramref name="project"/> refers to (its IL's references).</summary>
    public static IReadOnlySet<string> Compiled(string project) =>
        Assembly.Load(AssemblyName(project)).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("Nines.", StringComparison.Ordinal) || n == "nines")
            .Select(n => n == "nines" ? "Nines.Cli" : n)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The assembly a project compiles to (the CLI's is <c>nines</c>).</summary>
    public static string AssemblyName(string project) => project == "Nines.Cli" ? "nines" : project;

    private static Dictionary<string, string[]> ReadProjectFiles()
    {
        var src = Path.Combine(RepositoryPaths.Root, "src");
        return Directory.GetFiles(src, "*.csproj", SearchOption.AllDirectories).ToDictionary(
            p => Path.GetFileNameWithoutExtension(p),
            p => XDocument.Load(p).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                .ToArray(),
            StringComparer.Ordinal);
    }
}
