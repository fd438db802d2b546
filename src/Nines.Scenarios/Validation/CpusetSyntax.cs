using Nines.Scenarios.Values;

namespace Nines.Scenarios.Validation;

/// <summary>The kernel's cpuset list syntax: comma-separated CPU numbers and ascending ranges (<c>0-1,3</c>).</summary>
internal static class CpusetSyntax
{
    public static bool IsValid(string text) =>
        text.Length > 0 && text.Split(',').All(IsItem);

    private static bool IsItem(string item)
    {
        var dash = item.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return IsCpu(item, out _);
        }

        return IsCpu(item[..dash], out var first) && IsCpu(item[(dash + 1)..], out var last) && first <= last;
    }

    private static bool IsCpu(string text, out int cpu)
    {
        cpu = 0;
        return text.Length <= 5 && DecimalText.TryParseNatural(text, out cpu);
    }
}
