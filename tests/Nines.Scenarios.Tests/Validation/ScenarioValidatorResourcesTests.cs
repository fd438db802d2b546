using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Tests.Validation;

public sealed class ScenarioValidatorResourcesTests
{
    [Fact]
    public void Validate_TooLittleMemoryAndNoCpus_ReportedForVmsAndDefaults()
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario(
            "s",
            Defaults: h.At(1, new VmDefaults(MemoryKiB: 512, Vcpus: 0)),
            Vms: ValueList.Of(h.At(3, new VmSpec("a", MemoryKiB: 1023, Vcpus: -1)), h.At(4, new VmSpec("b", MemoryKiB: 1024, Vcpus: 1))));

        h.Validate(scenario).ShouldBe(
        [
            "hand.yaml:1:1: error NX1514: vm_defaults/mem: vm defaults: memory 512 KiB is below the minimum of 1 MiB",
            "hand.yaml:1:1: error NX1515: vm_defaults/vcpus: vm defaults: vcpus 0 is below the minimum of 1",
            "hand.yaml:3:1: error NX1514: vm[a]/mem: vm \"a\": memory 1023 KiB is below the minimum of 1 MiB",
            "hand.yaml:3:1: error NX1515: vm[a]/vcpus: vm \"a\": vcpus -1 is below the minimum of 1",
        ]);
    }

    [Fact]
    public void Validate_QosOutOfRange_EveryFieldReported()
    {
        var h = new ValidatorHarness();
        var qos = new QosSpec(CpuShares: 1, CpuQuotaPercent: 0, CpuPinning: "3-1", MemoryLimitMiB: 0, RealTimePriority: 100);
        var scenario = new Scenario("s", Vms: ValueList.Of(h.At(2, new VmSpec("a", Qos: qos))));

        h.Validate(scenario).ShouldBe(
        [
            "hand.yaml:2:1: error NX1516: vm[a]/qos/cpu_shares: vm \"a\": cpu shares 1 is out of range (expected 2 to 262144; 1024 is the default weight)",
            "hand.yaml:2:1: error NX1517: vm[a]/qos/cpu_quota: vm \"a\": cpu quota 0% is not positive (expected a percentage of one CPU, e.g. 150)",
            "hand.yaml:2:1: error NX1518: vm[a]/qos/realtime_priority: vm \"a\": real-time priority 100 is out of range (expected 1 to 99)",
            "hand.yaml:2:1: error NX1519: vm[a]/qos/cpu_pinning: vm \"a\": cpu pinning \"3-1\" is not a CPU list (expected cpuset syntax such as 0-1,3)",
            "hand.yaml:2:1: error NX1521: vm[a]/qos/memory_limit: vm \"a\": memory limit 0 MiB is not positive",
        ]);
    }

    [Theory]
    [InlineData(262145, null, null, "NX1516")]
    [InlineData(null, -5, null, "NX1517")]
    [InlineData(null, null, 0, "NX1518")]
    [InlineData(262144, 1, 1, null)]
    [InlineData(2, 400, 99, null)]
    public void Validate_QosBoundary_ErrorOnlyOutsideRange(int? shares, int? quota, int? priority, string? code)
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario("s", Vms: ValueList.Of(new VmSpec("a", Qos: new QosSpec(shares, quota, RealTimePriority: priority))));

        h.Validate(scenario).Select(line => line.Split(' ')[2].TrimEnd(':')).ShouldBe(code is null ? [] : [code]);
    }

    [Fact]
    public void Validate_QosInDefaults_ReportedAtDefaults()
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario("s", Defaults: h.At(9, new VmDefaults(Qos: new QosSpec(CpuPinning: "0,,1"))));

        h.Validate(scenario).ShouldBe(
            ["hand.yaml:9:1: error NX1519: vm_defaults/qos/cpu_pinning: vm defaults: cpu pinning \"0,,1\" is not a CPU list (expected cpuset syntax such as 0-1,3)"]);
    }

    [Fact]
    public void Validate_MemoryLimitFromDefaultsBelowVmMemory_ReportedAtVm()
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario(
            "s",
            Defaults: new VmDefaults(Qos: new QosSpec(MemoryLimitMiB: 128)),
            Vms: ValueList.Of(h.At(5, new VmSpec("big", MemoryKiB: 262144)), h.At(6, new VmSpec("small", MemoryKiB: 65536))));

        h.Validate(scenario).ShouldBe(
            ["hand.yaml:5:1: error NX1521: vm[big]/qos: vm \"big\": memory limit 128 MiB is below the VM's memory of 256 MiB (the guest would be killed when it uses its memory)"]);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("0-3", true)]
    [InlineData("0-1,3", true)]
    [InlineData("2,4-5,7", true)]
    [InlineData("1-1", true)]
    [InlineData("", false)]
    [InlineData("3-1", false)]
    [InlineData("0,", false)]
    [InlineData("0 - 1", false)]
    [InlineData("a", false)]
    [InlineData("-1", false)]
    [InlineData("0-1-2", false)]
    public void CpusetSyntax_Text_Expected(string text, bool valid)
    {
        Nines.Scenarios.Validation.CpusetSyntax.IsValid(text).ShouldBe(valid);
    }

    [Fact]
    public void Validate_ResourcesAboveMaximum_ReportedForVmsAndDefaults()
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario(
            "s",
            Defaults: h.At(1, new VmDefaults(MemoryKiB: long.MaxValue, Vcpus: int.MaxValue)),
            Vms: ValueList.Of(
                h.At(3, new VmSpec("a", MemoryKiB: ScenarioLimits.MaxMemoryKiB + 1, Vcpus: 256)),
                h.At(4, new VmSpec("b", MemoryKiB: ScenarioLimits.MaxMemoryKiB, Vcpus: 255))));

        h.Validate(scenario).ShouldBe(
        [
            "hand.yaml:1:1: error NX1526: vm_defaults/mem: vm defaults: memory 9223372036854775807 KiB is above the maximum of 16777216 MiB (16 TiB)",
            "hand.yaml:1:1: error NX1525: vm_defaults/vcpus: vm defaults: vcpus 2147483647 is above the maximum of 255 (QEMU's pc machine)",
            "hand.yaml:3:1: error NX1526: vm[a]/mem: vm \"a\": memory 17179869185 KiB is above the maximum of 16777216 MiB (16 TiB)",
            "hand.yaml:3:1: error NX1525: vm[a]/vcpus: vm \"a\": vcpus 256 is above the maximum of 255 (QEMU's pc machine)",
        ]);
    }

    [Fact]
    public void Validate_QosAboveMaximum_Reported()
    {
        var h = new ValidatorHarness();
        var qos = new QosSpec(CpuQuotaPercent: int.MaxValue, MemoryLimitMiB: long.MaxValue);
        var scenario = new Scenario("s", Vms: ValueList.Of(h.At(2, new VmSpec("a", Qos: qos))));

        h.Validate(scenario).ShouldBe(
        [
            "hand.yaml:2:1: error NX1517: vm[a]/qos/cpu_quota: vm \"a\": cpu quota 2147483647% is above the maximum of 100000% (1000 CPUs)",
            "hand.yaml:2:1: error NX1521: vm[a]/qos/memory_limit: vm \"a\": memory limit 9223372036854775807 MiB is above the maximum of 16777216 MiB (16 TiB)",
        ]);
    }
}
