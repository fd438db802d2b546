using Nines.Domain;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Native;

namespace Nines.Upgrades.Tests;

/// <summary>Scenarios for the tests, read from native YAML the way users write them.</summary>
internal static class Scenarios
{
    public const string PinA = "router@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    public const string PinB = "router@sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    public static Scenario Read(string yaml)
    {
        var result = NativeScenarioReader.Read(yaml, "test.yaml");
        result.Diagnostics.Where(d => d.IsError).ShouldBeEmpty();
        return result.Value!.Scenario;
    }

    /// <summary>A 2N group (a, b), an N-way-active group (w1, w2, w3) and a lone VM, all booting <paramref name="image"/>.</summary>
    public static Scenario Lab(string image = PinA, string health = "true", string? loneImage = null) => Read($$"""
        nines: 1
        name: lab
        networks: [{name: n}]
        defaults:
          image: {{image}}
          memory: 256M
        vms:
          - {name: a, interfaces: [{id: 1, network: n}], execs: [{seq: health, command: "{{health}}"}, {seq: start, command: app}]}
          - {name: b, interfaces: [{id: 1, network: n}], execs: [{seq: health, command: "{{health}}"}, {seq: start, command: app}]}
          - {name: w1}
          - {name: w2}
          - {name: w3}
          - {name: lone{{(loneImage is null ? string.Empty : ", image: " + loneImage)}}}
        redundancy_groups:
          - {name: pair, model: 2N, members: [a, b]}
          - {name: web, model: N-way-active, members: [w1, w2, w3]}
        """);

    public static Scenario With(this Scenario scenario, string vm, Func<VmSpec, VmSpec> change) =>
        scenario with { Vms = ValueList.From(scenario.Vms.Select(v => v.Name == vm ? change(v) : v)) };
}
