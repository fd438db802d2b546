using Nines.Cli.Commands;
using Nines.Networking.Planning;

namespace Nines.Cli.Tests.Commands;

public sealed class HostSideArgumentTests
{
    [Theory]
    [InlineData(null, HostSideMode.Namespace)]
    [InlineData("namespace", HostSideMode.Namespace)]
    [InlineData("shared", HostSideMode.Shared)]
    public void Parse_KnownValue_GivesTheMode(string? value, HostSideMode expected)
    {
        HostSideArgument.Parse(value, out var error).ShouldBe(expected);
        error.ShouldBeNull();
    }

    [Theory]
    [InlineData("up")]
    [InlineData("agent")]
    public async Task Command_UnknownHostSide_ExitsUsageNamingTheOption(string verb)
    {
        string[] args = verb == "agent"
            ? ["agent", "--host", "h1", "--store", "etcd://127.0.0.1:1", "--host-side", "machine"]
            : ["up", "--driver", "fake", "--host-side", "machine"];

        var result = await CliRunner.RunAsync(args);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("--host-side \"machine\" is not a host side (expected namespace or shared)");
    }

    [Theory]
    [InlineData("acme", "lab", "nines", null)]
    [InlineData("acme", "lab", "nines", "namespace")]
    public void NamespaceOf_OwnNamespaceMode_IsTheDeploymentsHashedName(string tenant, string name, string switchNamespace, string? hostSide) =>
        HostSideCommand.NamespaceOf(tenant, name, switchNamespace, hostSide).ShouldBe(HostSideNamespace.Name("acme.lab", "nines"));

    [Fact]
    public void NamespaceOf_Shared_IsTheSwitchNamespace() =>
        HostSideCommand.NamespaceOf("acme", "lab", "nines", "shared").ShouldBe("nines");
}
