using Nines.Domain.Scenarios;
using Nines.Upgrades.Diff;
using Nines.Upgrades.Revisions;

namespace Nines.Upgrades.Tests.Diff;

public sealed class ScenarioDifferTests
{
    private static readonly Scenario _lab = Scenarios.Lab();

    private static FieldChange Field(Scenario from, Scenario to, string vm, string field) =>
        ScenarioDiffer.Compare(from, to).Vms.Single(v => v.Name == vm).Fields.Single(f => f.Field == field);

    [Fact]
    public void Compare_SameScenario_IsEmptyWithEqualRevisions()
    {
        var diff = ScenarioDiffer.Compare(_lab, Scenarios.Lab());

        diff.IsEmpty.ShouldBeTrue();
        diff.FromRevision.ShouldBe(diff.ToRevision);
        diff.FromRevision.ShouldBe(ScenarioDigest.Compute(_lab));
    }

    [Fact]
    public void Compare_AddedAndRemovedVms_ListsThemWithTheirGroup()
    {
        var to = _lab with { Vms = [.. _lab.Vms.Where(v => v.Name != "w3"), new VmSpec("extra")] };

        var diff = ScenarioDiffer.Compare(_lab, to);

        diff.AddedVms.ShouldHaveSingleItem().ShouldBe(new VmDiff("extra", DiffKind.Added, [], null, VmRestartMode.Live));
        diff.RemovedVms.ShouldHaveSingleItem().ShouldBe(new VmDiff("w3", DiffKind.Removed, [], "web", VmRestartMode.Live));
        diff.ChangedVms.ShouldBeEmpty();
    }

    [Fact]
    public void Compare_ImagePinInDefaults_EveryInheritingVmRestartsAsCampaignOrOutage()
    {
        var diff = ScenarioDiffer.Compare(_lab, Scenarios.Lab(Scenarios.PinB));

        diff.CampaignVms.Select(v => v.Name).ShouldBe(["a", "b", "w1", "w2", "w3"]);
        diff.OutageVms.Select(v => v.Name).ShouldBe(["lone"]);
        diff.Vms.Single(v => v.Name == "a").Fields.ShouldHaveSingleItem()
            .ShouldBe(new FieldChange("image", Scenarios.PinA, Scenarios.PinB, true, "the guest boots from it"));
    }

    [Theory]
    [InlineData("memory", true)]
    [InlineData("vcpus", true)]
    [InlineData("kernel", true)]
    [InlineData("initrd", true)]
    [InlineData("filesystem", true)]
    [InlineData("properties", true)]
    [InlineData("execs[start]", true)]
    [InlineData("execs[health]", false)]
    [InlineData("order", false)]
    [InlineData("exec_mode", false)]
    public void Compare_OneVmValue_SaysWhetherItNeedsARestart(string field, bool restart)
    {
        var to = _lab.With("a", v => field switch
        {
            "memory" => v with { MemoryKiB = 512 * 1024 },
            "vcpus" => v with { Vcpus = 2 },
            "kernel" => v with { Kernel = new KernelSpec("/boot/vmlinuz") },
            "initrd" => v with { Kernel = new KernelSpec("/boot/vmlinuz", "/boot/initrd") },
            "filesystem" => v with { Filesystem = new FilesystemSpec("/fs/root.img") },
            "properties" => v with { Properties = [new PropertySpec("hostname", "string", "a1")] },
            "execs[start]" => v with { Execs = [.. v.Execs.Select(e => e.Sequence == "start" ? e with { Command = "app --v2" } : e)] },
            "execs[health]" => v with { Execs = [.. v.Execs.Select(e => e.Sequence == "health" ? e with { Command = "check" } : e)] },
            "order" => v with { Order = 3 },
            _ => v with { ExecMode = "net" },
        });
        if (field == "initrd")
        {
            _lab.FindVm("a")!.Kernel.ShouldBeNull();
        }

        var diff = ScenarioDiffer.Compare(_lab, to).Vms.ShouldHaveSingleItem();

        diff.Fields.ShouldContain(f => f.Field == field && f.NeedsRestart == restart);
        diff.Restart.ShouldBe(restart ? VmRestartMode.Campaign : VmRestartMode.Live);
    }

    [Fact]
    public void Compare_QosOfAnOsLevelInstance_ResizesLiveExceptRealTimePriority()
    {
        var from = _lab.With("lone", v => v with { Type = "os", Qos = new QosSpec(CpuShares: 512, CpuQuotaPercent: 50, MemoryLimitMiB: 256) });
        var to = from.With("lone", v => v with { Qos = new QosSpec(CpuShares: 1024, CpuQuotaPercent: 100, MemoryLimitMiB: 512, CpuPinning: "0-1", RealTimePriority: 10) });

        var fields = ScenarioDiffer.Compare(from, to).Vms.ShouldHaveSingleItem().Fields;

        fields.Where(f => !f.NeedsRestart).Select(f => f.Field).ShouldBe(["qos.cpu_shares", "qos.cpu_quota_percent", "qos.cpu_pinning", "qos.memory_limit"]);
        fields.Single(f => f.NeedsRestart).Field.ShouldBe("qos.realtime_priority");
        fields.Single(f => f.Field == "qos.memory_limit").ShouldBe(new FieldChange("qos.memory_limit", "256M", "512M", false, "resized live: the instance's cgroup limit"));
    }

    [Fact]
    public void Compare_QosOfAQemuGuest_BalloonAndPinningLiveCpuLimitsRestart()
    {
        var to = _lab.With("a", v => v with { Qos = new QosSpec(CpuShares: 256, MemoryLimitMiB: 128, CpuPinning: "2") });

        var fields = ScenarioDiffer.Compare(_lab, to).Vms.ShouldHaveSingleItem().Fields;

        fields.Select(f => (f.Field, f.NeedsRestart)).ShouldBe([("qos.cpu_shares", true), ("qos.cpu_pinning", false), ("qos.memory_limit", false)]);
    }

    [Fact]
    public void Compare_RouteAddedOrRemoved_AddingIsLiveRemovingRestarts()
    {
        var route = new RouteSpec(IpFamily.Ipv4, "default", "10.0.0.254");
        var with = _lab.With("w1", v => v with { Routes = [route] });

        Field(_lab, with, "w1", "routes").NeedsRestart.ShouldBeFalse();
        Field(with, _lab, "w1", "routes").NeedsRestart.ShouldBeTrue();
        Field(_lab, _lab.With("w1", v => v with { Forwarding = Forwarding.Ipv4 }), "w1", "forwarding").NeedsRestart.ShouldBeFalse();
        Field(_lab.With("w1", v => v with { Forwarding = Forwarding.Ip }), _lab.With("w1", v => v with { Forwarding = Forwarding.Ipv6 }), "w1", "forwarding").NeedsRestart.ShouldBeTrue();
    }

    [Fact]
    public void Compare_ValuesThatRenderAlike_ShowTheirFullForm()
    {
        var to = _lab.With("a", v => v with { Execs = [.. v.Execs.Select(e => e.Sequence == "start" ? e with { User = "root" } : e)] });

        var field = Field(_lab, to, "a", "execs[start]");

        field.Before.ShouldNotBe(field.After);
        field.After!.ShouldContain("User = root");
    }

    [Fact]
    public void Compare_NetworksGroupsAndScenarioValues_ListsTheirChangedFields()
    {
        var to = _lab with
        {
            Tenant = "lab2",
            Networks = [new NetworkSpec("n", Vlan: 12), new NetworkSpec("m")],
            RedundancyGroups = [_lab.RedundancyGroups[0] with { Members = ["b", "a"] }, _lab.RedundancyGroups[1]],
        };

        var diff = ScenarioDiffer.Compare(_lab, to);

        diff.Networks.ShouldBe([
            new NetworkDiff("n", DiffKind.Changed, [new FieldChange("vlan", null, "12", false, "the network is re-applied on every host that carries it")]),
            new NetworkDiff("m", DiffKind.Added, [])]);
        diff.Groups.ShouldHaveSingleItem().Fields.ShouldHaveSingleItem().ShouldBe(
            new FieldChange("members", "[a, b]", "[b, a]", false, "the availability manager rebuilds the group"));
        diff.Scenario.ShouldHaveSingleItem().Field.ShouldBe("tenant");
        diff.Vms.ShouldBeEmpty();
    }

    [Fact]
    public void Compare_MemberOfGroupWithModelNone_RestartIsAnOutage()
    {
        var from = _lab with { RedundancyGroups = [.. _lab.RedundancyGroups, new RedundancyGroupSpec("solo", RedundancyModel.None, ["lone"])] };

        var lone = ScenarioDiffer.Compare(from, from.With("lone", v => v with { Vcpus = 4 })).Vms.ShouldHaveSingleItem();

        lone.Group.ShouldBe("solo");
        lone.Restart.ShouldBe(VmRestartMode.Outage);
    }
}
