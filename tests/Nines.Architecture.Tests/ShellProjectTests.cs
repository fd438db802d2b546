namespace Nines.Architecture.Tests;

/// <summary>
/// The shell's rooms and their doors: the controller decides over the driver contract and never sees a driver; the
/// host agent runs the drivers and never sees the controller; the contracts both speak see neither; only the
/// composition (embedded mode) and the CLI see everything. Each rule is checked on the project files, transitively
/// (what a project is built against), and on the compiled assemblies (what the IL uses).
/// </summary>
public sealed class ShellProjectTests
{
    private const string Contracts = "Nines.Contracts";
    private const string Controller = "Nines.Controller";
    private const string Agent = "Nines.Agent";
    private const string Embedded = "Nines.Embedded";
    private const string Cli = "Nines.Cli";

    /// <summary>The driver implementations and the image builder: what runs on a host, never in the controller.</summary>
    private static readonly string[] _hostSide = ["Nines.Drivers.Qemu", "Nines.Drivers.Container", "Nines.Images"];

    /// <summary>Project → the projects it must not reach, directly or through another, and why.</summary>
    public static TheoryData<string, string[], string> Forbidden => new()
    {
        { Controller, [.. _hostSide, Agent, Embedded, "Nines.Api", Cli, "Nines.VnfStateMigration"], "the controller decides over the driver contract (Nines.Drivers) and reaches hosts through IHostAgent" },
        { Agent, [Controller, Embedded, "Nines.Api", Cli, "Nines.Availability", "Nines.Scheduling"], "the host agent converges what it is given; deciding is the controller's" },
        { Contracts, [.. _hostSide, Controller, Agent, Embedded, "Nines.Api", Cli], "the contracts are what both sides speak, so they know neither side" },
        { "Nines.Api", [.. _hostSide, Agent, Embedded, Cli], "the REST API works on the controller's repositories and the agent interface" },
        { "Nines.VnfStateMigration", [Contracts, Controller, Agent, Embedded, "Nines.Drivers", "Nines.Networking", "Nines.Store"], "VNF state migration drives functions through the state protocol alone" },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void ProjectFile_NeverReaches_ForbiddenProjects(string project, string[] forbidden, string why)
    {
        var reached = ProjectGraph.Transitive(project).Intersect(forbidden, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        reached.ShouldBeEmpty($"{project} references (directly or through another project) what it must not: {why}");
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void CompiledAssembly_NeverUses_ForbiddenProjects(string project, string[] forbidden, string why)
    {
        var used = ProjectGraph.Compiled(project).Intersect(forbidden, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        used.ShouldBeEmpty($"{project}'s IL uses what it must not: {why}");
    }

    [Fact]
    public void ProjectFiles_OnlyCompositionAndCli_SeeControllerAndAgent()
    {
        var both = ProjectGraph.Direct.Keys
            .Where(p => p is not Controller and not Agent)
            .Where(p => ProjectGraph.Transitive(p) is var all && all.Contains(Controller) && all.Contains(Agent))
            .Order(StringComparer.Ordinal)
            .ToList();

        both.ShouldBe([Cli, Embedded], "only the composition (embedded mode) and the CLI see the controller and the host agent together");
    }

    [Fact]
    public void ProjectFiles_OnlyHostSideCompositionAndCli_SeeDriverImplementations()
    {
        var seeing = ProjectGraph.Direct.Keys
            .Where(p => !_hostSide.Contains(p))
            .Where(p => ProjectGraph.Transitive(p).Overlaps(_hostSide))
            .Order(StringComparer.Ordinal)
            .ToList();

        seeing.ShouldBe([Agent, Cli, Embedded], "the drivers run on a host: the agent's VM stack, the embedded composition and the CLI compose them");
    }

    [Fact]
    public void Transitive_OfCli_ReachesEveryShellProject()
    {
        // Guards the graph reader itself: the CLI is built against everything, so a reader that missed references would fail here.
        string[] everything = [Contracts, Controller, Agent, Embedded, "Nines.Api", .. _hostSide, "Nines.Domain"];

        everything.Except(ProjectGraph.Transitive(Cli)).ShouldBeEmpty();
    }

    [Fact]
    public void Compiled_OfEmbedded_UsesControllerAndAgent()
    {
        // Guards the IL reader: the composition uses both sides, so a reader that saw nothing would fail here.
        var used = ProjectGraph.Compiled(Embedded);

        used.ShouldContain(Controller);
        used.ShouldContain(Agent);
    }
}
