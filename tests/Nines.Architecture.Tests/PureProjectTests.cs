using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Nines.Architecture.Tests;

/// <summary>
/// The pure core (domain, scenario languages, scheduling, availability, state transfer, upgrades) decides from data alone: it must not touch
/// files, processes, the network, the console or the wall clock. These tests read the compiled IL.
/// </summary>
public sealed class PureProjectTests
{
    public static TheoryData<string> PureAssemblies => ["Nines.Domain", "Nines.Scenarios", "Nines.Scheduling", "Nines.Availability", "Nines.StateTransfer", "Nines.Upgrades"];

    // Types whose mere use means I/O or hidden input.
    private static readonly string[] _bannedTypes =
    [
        "System.IO.File", "System.IO.FileInfo", "System.IO.FileStream", "System.IO.Directory",
        "System.IO.DirectoryInfo", "System.IO.FileSystemInfo", "System.IO.StreamWriter",
        "System.Diagnostics.Process", "System.Console", "System.Net.Http.HttpClient",
        "System.Net.Sockets.Socket", "System.Net.Sockets.TcpClient", "System.Net.Dns",
        "System.Threading.Thread", "System.Random",
    ];

    // Members that read the clock or the environment.
    private static readonly string[] _bannedMembers =
    [
        "System.DateTime.get_Now", "System.DateTime.get_UtcNow", "System.DateTime.get_Today",
        "System.DateTimeOffset.get_Now", "System.DateTimeOffset.get_UtcNow",
        "System.Environment.GetEnvironmentVariable", "System.Environment.get_CurrentDirectory",
        "System.Xml.XmlUrlResolver..ctor",
    ];

    // The only non-BCL assemblies each pure project may reference.
    private static readonly Dictionary<string, string[]> _allowedReferences = new()
    {
        ["Nines.Domain"] = [],
        ["Nines.Scenarios"] = ["Nines.Domain", "YamlDotNet"],
        ["Nines.Scheduling"] = ["Nines.Domain"],
        // Availability decides from data; its checkpoint and HA-state clients reach the store only through the
        // IStateStore contract, never a file, socket or clock of their own (the member scan below checks that).
        ["Nines.Availability"] = ["Nines.Domain", "Nines.Store"],
        // The VNF state protocol works on any Stream the function or orchestrator connects; it opens none itself.
        ["Nines.StateTransfer"] = [],
        // Revisions and upgrade campaigns decide from the scenario model and what the shell observes; the shell stores and acts.
        ["Nines.Upgrades"] = ["Nines.Domain"],
    };

    [Theory]
    [MemberData(nameof(PureAssemblies))]
    public void PureAssembly_References_OnlyBclAndAllowedProjects(string name)
    {
        var assembly = Assembly.Load(name);
        var foreign = assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => !IsBcl(n) && !_allowedReferences[name].Contains(n))
            .ToList();

        foreign.ShouldBeEmpty($"{name} is pure; it may reference only the BCL and {string.Join(", ", _allowedReferences[name])}");
    }

    [Theory]
    [MemberData(nameof(PureAssemblies))]
    public void PureAssembly_Uses_NoIoClockOrEnvironment(string name)
    {
        var used = ReferencedMembers(name);

        var violations = used
            .Where(m => _bannedTypes.Any(t => m.StartsWith(t + ".", StringComparison.Ordinal))
                || _bannedMembers.Any(b => m.StartsWith(b, StringComparison.Ordinal)))
            .Distinct()
            .Order()
            .ToList();

        violations.ShouldBeEmpty($"{name} is pure but uses I/O, the clock or the environment");
    }

    [Fact]
    public void ReferencedMembers_OfCliAssembly_FindsConsoleUse()
    {
        // Guards the scanner itself: the CLI does I/O, so the scan must see it there.
        ReferencedMembers("nines").ShouldContain(m => m.StartsWith("System.IO.File.", StringComparison.Ordinal));
    }

    private static bool IsBcl(string name) =>
        name is "netstandard" or "mscorlib"
        || name.StartsWith("System", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.Win32", StringComparison.Ordinal);

    /// <summary>Every member the assembly's IL refers to in another assembly, as <c>Namespace.Type.Member</c>.</summary>
    internal static List<string> ReferencedMembers(string assemblyName)
    {
        var path = Assembly.Load(assemblyName).Location;
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var result = new List<string>();
        foreach (var handle in md.MemberReferences)
        {
            var member = md.GetMemberReference(handle);
            var type = TypeName(md, member.Parent);
            if (type is not null)
            {
                result.Add($"{type}.{md.GetString(member.Name)}");
            }
        }

        foreach (var handle in md.TypeReferences)
        {
            result.Add(TypeName(md, handle)! + ".");
        }

        return result;
    }

    private static string? TypeName(MetadataReader md, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeReference:
                var reference = md.GetTypeReference((TypeReferenceHandle)handle);
                var ns = md.GetString(reference.Namespace);
                var own = md.GetString(reference.Name);
                if (reference.ResolutionScope.Kind == HandleKind.TypeReference)
                {
                    return TypeName(md, (TypeReferenceHandle)reference.ResolutionScope) + "+" + own;
                }

                return ns.Length == 0 ? own : $"{ns}.{own}";
            case HandleKind.TypeSpecification:
                // Generic instantiations: the scan of the open type reference covers them.
                return null;
            default:
                return null;
        }
    }
}
