using System.Xml.Linq;
using Nines.Domain;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Xml;

namespace Nines.Scenarios.Restrictions;

/// <summary>Turns each restriction element into a located hard rule, collecting every problem.</summary>
internal sealed class EdivRestrictionsMapper
{
    private const string Root = "deployment_restrictions";

    private readonly string _file;
    private readonly DiagnosticBag _diagnostics;

    public EdivRestrictionsMapper(string file, DiagnosticBag diagnostics)
    {
        _file = file;
        _diagnostics = diagnostics;
    }

    public RestrictionSet? Read(string text)
    {
        if (SafeXml.Load(text, _file, _diagnostics, RestrictionCodes.MalformedXml)?.Root is not { } root)
        {
            return null;
        }

        if (root.Name != Root)
        {
            Error(RestrictionCodes.WrongRoot, root, null, $"root element <{root.Name.LocalName}> is not <{Root}> (expected an EDIV restrictions file)");
            return null;
        }

        CheckAttributes(root);
        var rules = new List<LocatedRule>();
        foreach (var element in root.Elements())
        {
            if (ReadRule(element) is { } rule)
            {
                rules.Add(new LocatedRule(rule, SafeXml.Locate(element, _file)));
            }
        }

        return new RestrictionSet(ValueList.From(rules));
    }

    private PlacementRule? ReadRule(XElement element)
    {
        switch (element.Name.LocalName)
        {
            case "net_deploy_at" when element.Name.Namespace == XNamespace.None:
                return Pinning(element, PlacementRuleKind.NetworkAt, "net");
            case "vm_deploy_at" when element.Name.Namespace == XNamespace.None:
                return Pinning(element, PlacementRuleKind.VmAt, "vm");
            case "affinity" when element.Name.Namespace == XNamespace.None:
                return Group(element, PlacementRuleKind.Affinity, "vm", minimum: 2);
            case "antiaffinity" when element.Name.Namespace == XNamespace.None:
                return Group(element, PlacementRuleKind.AntiAffinity, "vm", minimum: 2);
            case "net_deploy_together" when element.Name.Namespace == XNamespace.None:
                // One network is enough: it keeps all of that network's VMs on one host.
                return Group(element, PlacementRuleKind.NetworkTogether, "net", minimum: 1);
            default:
                Error(RestrictionCodes.UnknownElement, element, null,
                    $"<{element.Name.LocalName}> is not a restriction (expected net_deploy_at, vm_deploy_at, affinity, net_deploy_together or antiaffinity)");
                return null;
        }
    }

    // <net_deploy_at net host/> and <vm_deploy_at vm host/>.
    private PlacementRule? Pinning(XElement element, PlacementRuleKind kind, string member)
    {
        CheckAttributes(element, member, "host");
        foreach (var child in element.Elements())
        {
            Error(RestrictionCodes.UnknownElement, child, element.Name.LocalName, $"<{element.Name.LocalName}> takes no child elements, but has <{child.Name.LocalName}> (expected {member} and host attributes only)");
        }

        var name = RequiredAttribute(element, member);
        var host = RequiredAttribute(element, "host");
        if (name is null || host is null)
        {
            return null;
        }

        return kind == PlacementRuleKind.NetworkAt
            ? new PlacementRule(kind, Networks: ValueList.Of(name), Host: host)
            : new PlacementRule(kind, Vms: ValueList.Of(name), Host: host);
    }

    // <affinity><vm>R1</vm><vm>R2</vm></affinity> and the like.
    private PlacementRule? Group(XElement element, PlacementRuleKind kind, string member, int minimum)
    {
        CheckAttributes(element);
        var field = element.Name.LocalName;
        var members = new List<string>();
        var valid = true;
        foreach (var child in element.Elements())
        {
            if (child.Name != member)
            {
                Error(RestrictionCodes.UnknownElement, child, field, $"<{child.Name.LocalName}> is not allowed in <{field}> (expected <{member}> elements)");
                valid = false;
                continue;
            }

            CheckAttributes(child);
            var name = child.Value.Trim();
            if (name.Length == 0)
            {
                Error(RestrictionCodes.EmptyMember, child, $"{field}/{member}", $"<{member}> is empty (expected a {(member == "vm" ? "VM" : "network")} name)");
                valid = false;
            }
            else if (members.Contains(name, StringComparer.Ordinal))
            {
                Error(RestrictionCodes.DuplicateMember, child, $"{field}/{member}", $"<{field}> names {member} \"{name}\" twice (expected each once)");
                valid = false;
            }
            else
            {
                members.Add(name);
            }
        }

        if (members.Count < minimum && valid)
        {
            var noun = member == "vm" ? "VM" : "network";
            var named = members.Count == 0 ? $"no {noun}" : $"only {members.Count} {noun}";
            Error(RestrictionCodes.TooFewMembers, element, field,
                $"<{field}> names {named} (expected at least {minimum} <{member}> element{(minimum == 1 ? string.Empty : "s")})");
            return null;
        }

        if (!valid)
        {
            return null;
        }

        return member == "vm"
            ? new PlacementRule(kind, Vms: ValueList.From(members))
            : new PlacementRule(kind, Networks: ValueList.From(members));
    }

    private string? RequiredAttribute(XElement element, string name)
    {
        var value = element.Attribute(name)?.Value.Trim();
        if (string.IsNullOrEmpty(value))
        {
            Error(RestrictionCodes.MissingAttribute, element, $"{element.Name.LocalName}/@{name}",
                $"<{element.Name.LocalName}> has no {name} attribute (expected e.g. <{element.Name.LocalName} {(element.Name.LocalName == "net_deploy_at" ? "net=\"Net0\"" : "vm=\"R1\"")} host=\"host1\"/>)");
            return null;
        }

        return value;
    }

    private void CheckAttributes(XElement element, params string[] allowed)
    {
        foreach (var attribute in element.Attributes().Where(a => !a.IsNamespaceDeclaration && !allowed.Contains(a.Name.LocalName, StringComparer.Ordinal)))
        {
            var expected = allowed.Length == 0 ? "no attributes" : string.Join(" and ", allowed) + " only";
            Error(RestrictionCodes.UnknownAttribute, attribute, $"{element.Name.LocalName}/@{attribute.Name.LocalName}",
                $"<{element.Name.LocalName}> does not take a {attribute.Name.LocalName} attribute (expected {expected})");
        }
    }

    private void Error(string code, XObject node, string? field, string message) =>
        _diagnostics.Error(code, SafeXml.Locate(node, _file), field, message);
}
