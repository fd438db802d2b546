using System.Text.RegularExpressions;

namespace Nines.Contracts.Model;

/// <summary>
/// Names one deployment: a tenant and the deployment's name in it. Both are restricted to
/// <c>[a-z0-9][a-z0-9_-]*</c> (at most 63 characters), so they can appear in store keys and in VM ids
/// (<see cref="VmId"/>) without escaping, and a VM id splits back into its deployment unambiguously.
/// </summary>
public readonly partial record struct DeploymentRef(string Tenant, string Name)
{
    /// <summary>The id used on hosts: VM id prefix and network label (<c>tenant.name</c>).</summary>
    public string Id => $"{Tenant}.{Name}";

    /// <summary>The VM id of <paramref name="vm"/> in this deployment on its host: <c>tenant.name.vm</c>.</summary>
    public string VmId(string vm) => $"{Id}.{vm}";

    /// <summary>True when <paramref name="part"/> is a valid tenant or deployment name.</summary>
    public static bool IsValidPart(string? part) => part is not null && PartPattern().IsMatch(part);

    /// <summary>Validates both parts; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public static DeploymentRef Create(string tenant, string name)
    {
        if (!IsValidPart(tenant))
        {
            throw new ArgumentException($"tenant \"{tenant}\" is not a valid name (expected 1-63 of a-z 0-9 _ -, starting with a letter or digit)", nameof(tenant));
        }

        if (!IsValidPart(name))
        {
            throw new ArgumentException($"deployment name \"{name}\" is not a valid name (expected 1-63 of a-z 0-9 _ -, starting with a letter or digit)", nameof(name));
        }

        return new DeploymentRef(tenant, name);
    }

    /// <summary>Splits a host-side id (<see cref="Id"/> or <see cref="VmId"/>) back into its deployment; null if it is none of ours.</summary>
    public static DeploymentRef? FromHostId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var parts = id.Split('.', 3);
        return parts.Length >= 2 && IsValidPart(parts[0]) && IsValidPart(parts[1]) ? new DeploymentRef(parts[0], parts[1]) : null;
    }

    public override string ToString() => $"{Tenant}/{Name}";

    // \z, not $: "$" also matches before a final newline, which would let "web\n" through as a name.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PartPattern();
}
