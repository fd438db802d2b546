using System.Text.Json;
using Nines.Domain.Clusters;
using Nines.Domain.Scenarios;
using Nines.Scheduling;
using Nines.Scheduling.HostSide;

namespace Nines.Cli.Output;

/// <summary>Prints a plan as JSON for scripts: the same content as the table, with stable field names.</summary>
internal static class PlanJsonWriter
{
    public static void Write(TextWriter writer, Scenario scenario, ClusterSpec cluster, DeploymentPlan plan)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("scenario", scenario.Name);
            json.WriteString("algorithm", plan.Algorithm);
            json.WriteStartArray("hosts");
            foreach (var host in cluster.Hosts)
            {
                var vms = plan.Allocation.Placements.Where(p => p.Host == host.Name).Select(p => p.Vm).ToList();
                json.WriteStartObject();
                json.WriteString("name", host.Name);
                json.WriteString("address", host.Address);
                json.WriteNumber("memoryMiB", host.MemoryMiB);
                json.WriteNumber("usedMemoryMiB", vms.Sum(vm => scenario.Effective(scenario.FindVm(vm)!).MemoryMiB ?? 0));
                json.WriteStartArray("vms");
                vms.ForEach(json.WriteStringValue);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("vlans");
            foreach (var vlan in plan.Vlans)
            {
                json.WriteStartObject();
                json.WriteString("network", vlan.Network);
                json.WriteNumber("vlan", vlan.Vlan);
                json.WriteStartArray("hosts");
                foreach (var host in vlan.Hosts)
                {
                    json.WriteStringValue(host);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();

            // Where the scenario's <host> part (host interfaces, routes) goes: the same choice the controller makes.
            json.WriteString("hostSide", scenario.Host is null ? null : HostSidePlacement.Choose(scenario, plan.Allocation.Placements.ToDictionary(p => p.Vm, p => p.Host, StringComparer.Ordinal)));
            json.WriteStartArray("unplaced");
            foreach (var unplaced in plan.Allocation.Unplaced)
            {
                json.WriteStartObject();
                json.WriteString("vm", unplaced.Vm);
                json.WriteString("reason", unplaced.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("diagnostics");
            foreach (var diagnostic in plan.Diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("severity", diagnostic.IsError ? "error" : "warning");
                json.WriteString("code", diagnostic.Code);
                json.WriteString("location", diagnostic.Location.ToString());
                json.WriteString("field", diagnostic.Field);
                json.WriteString("message", diagnostic.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        writer.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
