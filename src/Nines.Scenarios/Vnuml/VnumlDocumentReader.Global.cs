using System.Xml.Linq;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Vnuml;

/// <summary><c>&lt;global&gt;</c>: name, version, automac, management network and VM defaults.</summary>
internal sealed partial class VnumlDocumentReader
{
    private GlobalSettings ReadGlobal(XElement global)
    {
        var scope = VnumlScope.Root.Child("global", "global");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        XElement? nameElement = null;
        string? name = null;
        string? version = null;
        AutoMacSpec? autoMac = null;
        string? management = null;
        VmDefaults? defaults = null;
        foreach (var child in global.Elements())
        {
            switch (NameOf(child))
            {
                case "simulation_name" or "scenario_name":
                    if (nameElement is not null)
                    {
                        ReportSecondName(nameElement, child, scope);
                    }
                    else
                    {
                        nameElement = child;
                        name = RequiredText(child, scope, "the scenario's name");
                    }

                    break;
                case "version" when First(seen, child, "global", scope):
                    version = ReadVersion(child, scope);
                    break;
                case "automac" when First(seen, child, "global", scope):
                    autoMac = new AutoMacSpec(Number(child, "offset", 0, int.MaxValue, scope.Child("automac")) ?? 0);
                    break;
                case "vm_mgmt" when First(seen, child, "global", scope):
                    management = ReadManagement(child, scope.Child("vm_mgmt"));
                    break;
                case "vm_defaults" when First(seen, child, "global", scope):
                    defaults = ReadDefaults(child);
                    break;
                case "version" or "automac" or "vm_mgmt" or "vm_defaults":
                    break; // a repeat, already reported by First
                default:
                    Unexpected(child, "global", scope);
                    break;
            }
        }

        if (nameElement is null)
        {
            _bag.Error(
                VnumlDiagnosticCodes.MissingElement,
                At(global),
                scope.Field("scenario_name"),
                scope.Say("no scenario name (expected <scenario_name> (VNUML 1.91) or <simulation_name> (VNUML 1.8))"));
        }

        return new GlobalSettings(name, version, autoMac, management, defaults);
    }

    private void ReportSecondName(XElement first, XElement second, VnumlScope scope)
    {
        var message = NameOf(first) == NameOf(second)
            ? $"<{NameOf(second)}> appears more than once in <global> (at most one is allowed)"
            : $"both <{NameOf(first)}> and <{NameOf(second)}> are given (write <scenario_name> for VNUML 1.91 or <simulation_name> for 1.8, not both)";
        var code = NameOf(first) == NameOf(second) ? VnumlDiagnosticCodes.DuplicateElement : VnumlDiagnosticCodes.ConflictingName;
        _bag.Error(code, At(second), scope.Field(NameOf(second)), scope.Say(message));
    }

    private string? ReadVersion(XElement element, VnumlScope scope)
    {
        var version = element.Value.Trim();
        if (version.Length == 0)
        {
            return null;
        }

        if (!VnumlSchema.KnownVersions.Contains(version) && !version.StartsWith("1.8.", StringComparison.Ordinal))
        {
            _bag.Warning(
                VnumlDiagnosticCodes.UnknownVersion,
                At(element),
                scope.Field("version"),
                scope.Say($"version \"{version}\" is not a VNUML version Nines knows (1.8, 1.91, 1.92); read as 1.91"));
        }

        return version;
    }

    private string? ReadManagement(XElement element, VnumlScope scope)
    {
        foreach (var child in element.Elements())
        {
            Unexpected(child, "vm_mgmt", scope);
        }

        return TryChoice(element, "type", VnumlChoices.ManagementTypes, scope, required: true, out var type) ? type : null;
    }
}
