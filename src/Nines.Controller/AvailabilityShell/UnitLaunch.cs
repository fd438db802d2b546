using Nines.Contracts.Agents;
using Nines.Contracts.Model;

namespace Nines.Controller.AvailabilityShell;

/// <summary>One unit whose VM has just started (deployed or restarted by recovery), before it is reported ready.</summary>
/// <param name="Deployment">The unit's deployment.</param>
/// <param name="Group">The qualified group name (<c>tenant.name.group</c>): the HA-state and checkpoint key the service uses.</param>
/// <param name="Instances">The service instances the group protects.</param>
/// <param name="Unit">The unit (the VM's name in the scenario).</param>
/// <param name="VmId">The VM's id on its host.</param>
/// <param name="Host">The host it runs on.</param>
/// <param name="Agent">That host's VM operations (exec, sequences).</param>
/// <param name="ScenarioYaml">The deployment's scenario (native YAML), for its command sequences.</param>
public sealed record UnitLaunch(
    DeploymentRef Deployment,
    string Group,
    IReadOnlyList<string> Instances,
    string Unit,
    string VmId,
    string Host,
    IHostVmOperations Agent,
    string ScenarioYaml);
