using System.Globalization;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Values;
using YamlDotNet.RepresentationModel;

namespace Nines.Scenarios.Native.Reading;

/// <summary>
/// Scalar conversions. Each takes a node that is known not to be null, reports what is wrong with it
/// and returns null, so the caller can carry on and find the next mistake.
/// </summary>
internal sealed partial class NativeReadContext
{
    public string? String(YamlNode node, string path) => Scalar(node, path, "a string");

    /// <summary>An <c>image</c>: any name, or a name pinned to its content hash (<see cref="ImageReference"/>).</summary>
    public string? Image(YamlNode node, string path)
    {
        if (String(node, path) is not { } text)
        {
            return null;
        }

        // Only the pin has a syntax; an empty name is the scenario validator's to report, as before pins existed.
        if (!string.IsNullOrWhiteSpace(text) && !ImageReference.TryParse(text, out _, out var error))
        {
            Error(NativeDiagnosticCodes.BadImagePin, node, path, error!);
            return null;
        }

        return text;
    }

    public long? Integer(YamlNode node, string path, long min, long max)
    {
        if (Scalar(node, path, "an integer") is not { } text)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(NativeDiagnosticCodes.NotInteger, node, path, $"\"{text}\" is not an integer");
            return null;
        }

        if (value < min || value > max)
        {
            Error(NativeDiagnosticCodes.OutOfRange, node, path, $"{value} is out of range (expected {Range(min, max)})");
            return null;
        }

        return value;
    }

    public bool? Boolean(YamlNode node, string path)
    {
        var text = Scalar(node, path, "true or false");
        switch (text)
        {
            case null:
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            default:
                Error(NativeDiagnosticCodes.NotBoolean, node, path, $"\"{text}\" is not a boolean (expected true or false)");
                return null;
        }
    }

    /// <summary>A size in units of 2^<paramref name="baseShift"/> bytes; <paramref name="plainMeaning"/> says what a bare number is.</summary>
    public long? Size(YamlNode node, string path, int baseShift, string plainMeaning, long min)
    {
        if (Scalar(node, path, "a size") is not { } text)
        {
            return null;
        }

        if (!SizeText.TryParse(text, baseShift, out var value))
        {
            Error(NativeDiagnosticCodes.BadSize, node, path,
                $"\"{text}\" is not a size (expected e.g. 64M, 1G, 512K or a number of {plainMeaning})");
            return null;
        }

        if (value < min)
        {
            Error(NativeDiagnosticCodes.BadSize, node, path, $"size \"{text}\" is too small (expected at least {SizeText.Format(min, baseShift)})");
            return null;
        }

        return value;
    }

    public T? Enum<T>(YamlNode node, string path, NativeNameTable<T> names)
        where T : struct
    {
        if (Scalar(node, path, $"a {names.Description}") is not { } text)
        {
            return null;
        }

        if (!names.TryParse(text, out var value))
        {
            Error(NativeDiagnosticCodes.BadEnum, node, path, $"\"{text}\" is not a {names.Description} (expected one of: {names.Allowed})");
            return null;
        }

        return value;
    }

    /// <summary>A name from a closed set that the model keeps as a string.</summary>
    public string? Name(YamlNode node, string path, NativeNameTable<string> names)
    {
        if (Scalar(node, path, $"a {names.Description}") is not { } text)
        {
            return null;
        }

        if (!names.TryParse(text, out var value))
        {
            Error(NativeDiagnosticCodes.BadEnum, node, path, $"\"{text}\" is not a {names.Description} (expected one of: {names.Allowed})");
            return null;
        }

        return value;
    }

    /// <summary>An address with its prefix length (<c>10.0.0.1/24</c>) of the given family.</summary>
    public IpAddressSpec? Cidr(YamlNode node, string path, IpFamily family)
    {
        var familyName = NativeNames.IpFamilies.NameOf(family);
        if (Scalar(node, path, $"an {familyName} address with prefix") is not { } text)
        {
            return null;
        }

        if (IpAddressText.ParseCidr(text) is not { } cidr || cidr.Family != family)
        {
            var example = family == IpFamily.Ipv4 ? "10.0.0.1/24" : "2001:db8::1/64";
            Error(NativeDiagnosticCodes.BadAddress, node, path,
                $"\"{text}\" is not an {familyName} address with prefix length (expected e.g. {example})");
            return null;
        }

        return new IpAddressSpec(cidr.Address, cidr.Prefix);
    }

    /// <summary>A bare IP address (no prefix), returning the text and its family.</summary>
    public (string Text, IpFamily Family)? Address(YamlNode node, string path)
    {
        if (Scalar(node, path, "an IP address") is not { } text)
        {
            return null;
        }

        if (IpAddressText.FamilyOf(text) is not { } family)
        {
            Error(NativeDiagnosticCodes.BadAddress, node, path,
                $"\"{text}\" is not an IP address (expected e.g. 10.0.0.1 or 2001:db8::1)");
            return null;
        }

        return (text, family);
    }

    public string? Mac(YamlNode node, string path)
    {
        if (Scalar(node, path, "a MAC address") is not { } text)
        {
            return null;
        }

        if (!MacAddressText.IsMac(text))
        {
            Error(NativeDiagnosticCodes.BadMac, node, path, $"\"{text}\" is not a MAC address (expected six hex octets, e.g. 02:fd:00:00:01:00)");
            return null;
        }

        return text;
    }

    private static string Range(long min, long max) =>
        max == long.MaxValue || max == int.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"at least {min}")
            : string.Create(CultureInfo.InvariantCulture, $"{min} to {max}");
}
