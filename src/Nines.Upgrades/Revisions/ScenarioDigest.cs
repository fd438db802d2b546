using System.Collections;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Nines.Domain.Scenarios;

namespace Nines.Upgrades.Revisions;

/// <summary>
/// The identity of a scenario revision: the SHA-256 of its canonical form, written <c>sha256:&lt;hex&gt;</c>. Two
/// scenarios have the same digest exactly when their models are equal, whichever language they were read from.
/// </summary>
/// <remarks>
/// The canonical form is the model as compact JSON: properties in declaration order, enums by name, and unset values
/// (null, false, zero, empty lists) left out, so adding an optional field to the model later does not change the digest
/// of scenarios that do not use it. Derived read-only members (<see cref="VmSpec.MemoryMiB"/>,
/// <see cref="Scenario.EffectiveVms"/>) are not part of it.
/// </remarks>
public static class ScenarioDigest
{
    /// <summary>The prefix of every digest.</summary>
    public const string Prefix = "sha256:";

    private static readonly JsonSerializerOptions _canonical = new()
    {
        WriteIndented = false,
        IgnoreReadOnlyProperties = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { SkipDerivedAndEmpty } },
    };

    /// <summary>The digest of <paramref name="scenario"/>: <c>sha256:</c> and 64 lowercase hex digits.</summary>
    public static string Compute(Scenario scenario) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(CanonicalJson(scenario)));

    /// <summary>The canonical UTF-8 JSON the digest is taken over.</summary>
    public static byte[] CanonicalJson(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return JsonSerializer.SerializeToUtf8Bytes(scenario, _canonical);
    }

    /// <summary>A short form for people: the first 12 hex digits (<c>sha256:0123456789ab</c>).</summary>
    public static string Short(string digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return digest.StartsWith(Prefix, StringComparison.Ordinal) && digest.Length > Prefix.Length + 12
            ? digest[..(Prefix.Length + 12)]
            : digest;
    }

    private static void SkipDerivedAndEmpty(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            // A get-only member is derived from the others (EffectiveVms, NetworkNames): not part of the model.
            if (property.Set is null)
            {
                property.ShouldSerialize = static (_, _) => false;
            }
            else if (property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(Domain.ValueList<>))
            {
                property.ShouldSerialize = static (_, value) => value is IEnumerable items && items.GetEnumerator().MoveNext();
            }
        }
    }
}
