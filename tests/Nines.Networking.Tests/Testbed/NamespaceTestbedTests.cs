using Nines.Networking.Commands;
using Nines.Networking.Testbed;
using Nines.Networking.Tests.Support;

namespace Nines.Networking.Tests.Testbed;

public sealed class NamespaceTestbedTests : IDisposable
{
    private readonly string _base = Path.Combine(Path.GetTempPath(), "nines-tbt-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly ProcessCommandRunner _machine = new();

    [RequiresOvsFact]
    public async Task UpAsync_ThreeHosts_ManagementAddressesReachEachOtherOnlyInsideAndEachHostHasItsOwnOvs()
    {
        var testbed = await NamespaceTestbed.UpAsync(3, new NamespaceTestbedOptions(_base), CancellationToken.None);
        try
        {
            testbed.Hosts.Select(h => h.Namespace).ShouldBe([$"nines-tb-{testbed.Id}-h1", $"nines-tb-{testbed.Id}-h2", $"nines-tb-{testbed.Id}-h3"]);
            var h1 = testbed.Hosts[0].Runner(_machine);
            foreach (var other in testbed.Hosts.Skip(1))
            {
                (await h1.RunAsync("ping", ["-c", "1", "-W", "2", other.ManagementAddress], null, CancellationToken.None)).Succeeded.ShouldBeTrue(other.Name);
            }

            // No way off the machine: only the management subnet is routed, and nothing links to our namespace.
            var routes = (await h1.RunAsync("ip", ["-4", "route", "show"], null, CancellationToken.None)).ThrowIfFailed().StandardOutput;
            routes.Trim().ShouldBe($"10.255.{testbed.Id}.0/24 dev mgmt0 proto kernel scope link src 10.255.{testbed.Id}.1");
            (await _machine.RunAsync("ip", ["link", "show", "dev", "mgmt0"], null, CancellationToken.None)).Succeeded.ShouldBeFalse();

            var pids = new HashSet<string>();
            foreach (var host in testbed.Hosts)
            {
                var daemon = await host.ConnectOvsAsync(_machine, CancellationToken.None);
                daemon.Owned.ShouldBeTrue();
                pids.Add(File.ReadAllText(Path.Combine(host.RunDirectory, "ovs-vswitchd.pid")).Trim());
                (await host.Runner(_machine).RunAsync("ip", ["link", "show", "dev", host.TrunkInterface], null, CancellationToken.None)).StandardOutput.ShouldContain("state UP");
            }

            pids.Count.ShouldBe(3);
        }
        finally
        {
            await testbed.DownAsync(CancellationToken.None);
        }
    }

    [RequiresOvsFact]
    public async Task DownAsync_FromStateFileInAnotherInstance_RemovesNamespacesDaemonsAndDirectoryAndIsIdempotent()
    {
        var testbed = await NamespaceTestbed.UpAsync(2, new NamespaceTestbedOptions(_base), CancellationToken.None);
        var pids = testbed.Hosts.Select(h => int.Parse(File.ReadAllText(Path.Combine(h.RunDirectory, "ovs-vswitchd.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var endpoint = testbed.Prefix + "e0";
        (await _machine.RunAsync("ip", ["netns", "add", endpoint], null, CancellationToken.None)).ThrowIfFailed();

        NamespaceTestbed.List(_base).ShouldBe([testbed.Directory]);
        var found = NamespaceTestbed.Open(testbed.Directory).ShouldNotBeNull();
        found.Hosts.ShouldBe(testbed.Hosts);
        await NamespaceTestbed.DownAsync(testbed.Directory, CancellationToken.None);
        await NamespaceTestbed.DownAsync(testbed.Directory, CancellationToken.None);
        await testbed.DownAsync(CancellationToken.None);

        var namespaces = (await _machine.RunAsync("ip", ["netns", "list"], null, CancellationToken.None)).StandardOutput;
        namespaces.ShouldNotContain(testbed.Prefix);
        Directory.Exists(testbed.Directory).ShouldBeFalse();
        NamespaceTestbed.List(_base).ShouldBeEmpty();
        pids.ShouldAllBe(pid => !Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal));
    }

    [RequiresOvsFact]
    public async Task UpAsync_TwoTestbedsAtOnce_GetDifferentIdsAndSubnets()
    {
        var first = await NamespaceTestbed.UpAsync(1, new NamespaceTestbedOptions(_base, StartOvs: false), CancellationToken.None);
        try
        {
            var second = await NamespaceTestbed.UpAsync(1, new NamespaceTestbedOptions(_base, StartOvs: false), CancellationToken.None);
            try
            {
                second.Id.ShouldNotBe(first.Id);
                second.Hosts[0].ManagementAddress.ShouldNotBe(first.Hosts[0].ManagementAddress);
                File.Exists(Path.Combine(first.Hosts[0].RunDirectory, "db.sock")).ShouldBeFalse();
            }
            finally
            {
                await second.DownAsync(CancellationToken.None);
            }
        }
        finally
        {
            await first.DownAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void Open_CorruptStateFile_ThrowsNamingTheFile()
    {
        var directory = Path.Combine(_base, "7");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, NamespaceTestbed.StateFileName), "{ \"Id\": ");

        var error = Should.Throw<InvalidDataException>(() => NamespaceTestbed.Open(directory));

        error.Message.ShouldStartWith(Path.Combine(directory, NamespaceTestbed.StateFileName) + ":");
    }

    [Fact]
    public async Task UpAsync_NoHosts_Rejected()
    {
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => NamespaceTestbed.UpAsync(0, new NamespaceTestbedOptions(_base), CancellationToken.None));
        Directory.Exists(_base).ShouldBeFalse();
    }

    public void Dispose()
    {
        if (Directory.Exists(_base))
        {
            Directory.Delete(_base, recursive: true);
        }
    }
}
