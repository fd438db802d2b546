using System.Diagnostics;
using System.Security.Cryptography;
using Nines.Contracts.Model;
using Nines.Drivers;
using Nines.Drivers.Container;
using Nines.Drivers.Errors;

namespace Nines.Embedded.Tests.EndToEnd;

/// <summary>
/// An OS-level VM whose root is a host directory (<c>filesystem: {type: hostfs}</c>) through the embedded host and the
/// real container driver: a root in the tenant's library or in an image root (<c>nines up --image-root</c>) runs; one
/// elsewhere is refused, by the host agent's host-path policy and, asked directly, by the driver itself, which gets its
/// allowed roots from the same libraries.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class HostFsInstanceEndToEndTests
{
    [RequiresRealHostFact]
    public async Task Deploy_HostFsRootsInTheLibraries_RunOnThemAndOneOutsideIsRefused()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        await using var ns = await TestNetworkNamespace.CreateAsync();
        await using var data = new EndToEndDataDirectory();
        var imageRoot = Directory.CreateDirectory(Path.Combine(data.Path, "image-root")).FullName;
        var outside = Directory.CreateTempSubdirectory("nines-hostfs-outside-").FullName;
        var cgroupParent = $"nines-e2e-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
        var host = await EmbeddedHost.StartAsync(
            new EmbeddedHostOptions
            {
                DataDirectory = data.Path,
                NetworkNamespace = ns.Name,
                ImageRoots = [imageRoot],
                Container = new ContainerDriverOptions { CgroupParent = cgroupParent },
            },
            ct);
        try
        {
            var instances = (IContainerDriver)host.Driver.Instances;
            var busybox = await instances.EnsureBusyboxRootAsync(ct);
            var own = await CopyRootAsync(busybox, Path.Combine(data.Path, "images", "default", "vnf-root"), "in the tenant's library", ct);
            var shared = await CopyRootAsync(busybox, Path.Combine(imageRoot, "shared-root"), "in the image root", ct);
            var stray = await CopyRootAsync(busybox, Path.Combine(outside, "root"), "outside", ct);

            var outcome = await host.DeployTextAsync(Scenario("hostfs", ("own", own), ("shared", shared)), "hostfs.yaml", null, null, ct);

            outcome.Succeeded.ShouldBeTrue($"{outcome.Operation.State}: {outcome.Operation.Error}");
            (await MarkerAsync(host, outcome.Deployment.VmId("own"), ct)).ShouldBe("in the tenant's library");
            (await MarkerAsync(host, outcome.Deployment.VmId("shared"), ct)).ShouldBe("in the image root");

            var refused = await host.DeployTextAsync(Scenario("stray", ("stray", stray)), "stray.yaml", null, null, ct);

            refused.Succeeded.ShouldBeFalse();
            refused.Operation.Error.ShouldNotBeNull().ShouldContain("NX7603 vm[stray].container.rootDirectory");
            var direct = await Should.ThrowAsync<InvalidDefinitionException>(() => instances.DefineAsync(
                new VmDefinition("direct", "direct", 32, 1, new BootSource(), Container: new ContainerDefinition(RootDirectory: stray)), ct));
            direct.Diagnostics.Single().Code.ShouldBe("NX7204");
            (await host.UndeployAsync(outcome.Deployment, null, ct)).ShouldNotBeNull().State.ShouldBe(OperationState.COMPLETED);
        }
        finally
        {
            await host.StopAsync(tearDown: true, CancellationToken.None);
            data.KillLeftovers();
            Directory.Delete(outside, recursive: true);
            foreach (var controller in Directory.EnumerateDirectories("/sys/fs/cgroup"))
            {
                var parent = Path.Combine(controller, cgroupParent);
                if (Directory.Exists(parent) && !Directory.EnumerateDirectories(parent).Any())
                {
                    Directory.Delete(parent);
                }
            }
        }
    }

    private static string Scenario(string name, params (string Vm, string Root)[] vms) =>
        $"nines: 1\nname: {name}\nvms:\n"
        + string.Concat(vms.Select(v => $"  - {{name: {v.Vm}, type: os, memory: 32M, filesystem: {{path: \"{v.Root}\", type: hostfs}}}}\n"));

    /// <summary>A copy of the busybox root at <paramref name="target"/> with <c>/marker</c> saying where it is.</summary>
    private static async Task<string> CopyRootAsync(string busybox, string target, string marker, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var copy = Process.Start("cp", ["-a", busybox, target]);
        await copy.WaitForExitAsync(ct);
        copy.ExitCode.ShouldBe(0, $"cp -a {busybox} {target}");
        await File.WriteAllTextAsync(Path.Combine(target, "marker"), marker, ct);
        return target;
    }

    private static async Task<string> MarkerAsync(EmbeddedHost host, string vmId, CancellationToken ct) =>
        (await host.Driver.ExecAsync(vmId, GuestCommand.Shell("cat /marker"), ct)).StandardOutput.Trim();
}
