using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Validation;

/// <summary>Memory, vCPUs and QoS: values the hypervisor and the kernel would refuse.</summary>
internal static partial class ScenarioValidator
{
    private static void CheckResources(Context context)
    {
        var scenario = context.Scenario;
        if (scenario.Defaults is { } defaults)
        {
            CheckResources(context, defaults, "vm_defaults", "vm defaults", defaults.MemoryKiB, defaults.Vcpus, defaults.Qos);
        }

        foreach (var vm in scenario.Vms)
        {
            var field = $"vm[{vm.Name}]";
            var owner = $"vm \"{vm.Name}\"";
            CheckResources(context, vm, field, owner, vm.MemoryKiB, vm.Vcpus, vm.Qos);

            // The limit may come from the defaults and the memory from the VM, so compare what will run.
            var effective = scenario.Effective(vm);
            if (effective.Qos?.MemoryLimitMiB is { } limit && limit > 0 && effective.MemoryMiB is { } memory && limit < memory)
            {
                context.Error(
                    ScenarioValidationCodes.InvalidMemoryLimit,
                    vm,
                    field + "/qos",
                    $"{owner}: memory limit {limit} MiB is below the VM's memory of {memory} MiB (the guest would be killed when it uses its memory)");
            }
        }
    }

    private static void CheckResources(Context context, object located, string field, string owner, long? memoryKiB, int? vcpus, QosSpec? qos)
    {
        if (memoryKiB is < ScenarioLimits.MinMemoryKiB)
        {
            context.Error(ScenarioValidationCodes.TooLittleMemory, located, field + "/mem", $"{owner}: memory {memoryKiB} KiB is below the minimum of 1 MiB");
        }
        else if (memoryKiB is > ScenarioLimits.MaxMemoryKiB)
        {
            context.Error(
                ScenarioValidationCodes.TooMuchMemory,
                located,
                field + "/mem",
                $"{owner}: memory {memoryKiB} KiB is above the maximum of {ScenarioLimits.MaxMemoryMiB} MiB (16 TiB)");
        }

        if (vcpus is < 1)
        {
            context.Error(ScenarioValidationCodes.TooFewVcpus, located, field + "/vcpus", $"{owner}: vcpus {vcpus} is below the minimum of 1");
        }
        else if (vcpus is > ScenarioLimits.MaxVcpus)
        {
            context.Error(
                ScenarioValidationCodes.TooManyVcpus,
                located,
                field + "/vcpus",
                $"{owner}: vcpus {vcpus} is above the maximum of {ScenarioLimits.MaxVcpus} (QEMU's pc machine)");
        }

        if (qos is not null)
        {
            CheckQos(context, located, field + "/qos", owner, qos);
        }
    }

    private static void CheckQos(Context context, object located, string field, string owner, QosSpec qos)
    {
        if (qos.CpuShares is { } shares && shares is < ScenarioLimits.MinCpuShares or > ScenarioLimits.MaxCpuShares)
        {
            context.Error(
                ScenarioValidationCodes.InvalidCpuShares,
                located,
                field + "/cpu_shares",
                $"{owner}: cpu shares {shares} is out of range (expected {ScenarioLimits.MinCpuShares} to {ScenarioLimits.MaxCpuShares}; 1024 is the default weight)");
        }

        if (qos.CpuQuotaPercent is <= 0)
        {
            context.Error(
                ScenarioValidationCodes.InvalidCpuQuota,
                located,
                field + "/cpu_quota",
                $"{owner}: cpu quota {qos.CpuQuotaPercent}% is not positive (expected a percentage of one CPU, e.g. 150)");
        }
        else if (qos.CpuQuotaPercent is > ScenarioLimits.MaxCpuQuotaPercent)
        {
            context.Error(
                ScenarioValidationCodes.InvalidCpuQuota,
                located,
                field + "/cpu_quota",
                $"{owner}: cpu quota {qos.CpuQuotaPercent}% is above the maximum of {ScenarioLimits.MaxCpuQuotaPercent}% (1000 CPUs)");
        }

        if (qos.RealTimePriority is { } priority && priority is < ScenarioLimits.MinRealTimePriority or > ScenarioLimits.MaxRealTimePriority)
        {
            context.Error(
                ScenarioValidationCodes.InvalidRealTimePriority,
                located,
                field + "/realtime_priority",
                $"{owner}: real-time priority {priority} is out of range (expected 1 to 99)");
        }

        if (qos.CpuPinning is { } pinning && !CpusetSyntax.IsValid(pinning))
        {
            context.Error(
                ScenarioValidationCodes.InvalidCpuPinning,
                located,
                field + "/cpu_pinning",
                $"{owner}: cpu pinning \"{pinning}\" is not a CPU list (expected cpuset syntax such as 0-1,3)");
        }

        if (qos.MemoryLimitMiB is <= 0)
        {
            context.Error(
                ScenarioValidationCodes.InvalidMemoryLimit,
                located,
                field + "/memory_limit",
                $"{owner}: memory limit {qos.MemoryLimitMiB} MiB is not positive");
        }
        else if (qos.MemoryLimitMiB is > ScenarioLimits.MaxMemoryMiB)
        {
            context.Error(
                ScenarioValidationCodes.InvalidMemoryLimit,
                located,
                field + "/memory_limit",
                $"{owner}: memory limit {qos.MemoryLimitMiB} MiB is above the maximum of {ScenarioLimits.MaxMemoryMiB} MiB (16 TiB)");
        }
    }
}
