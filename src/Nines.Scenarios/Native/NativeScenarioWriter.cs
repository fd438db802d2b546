using Nines.Domain.Scenarios;
using Nines.Scenarios.Native.Writing;

namespace Nines.Scenarios.Native;

/// <summary>
/// Writes a scenario in the native YAML format (see <c>Native/README.md</c>). The output is
/// deterministic and reads back, with <see cref="NativeScenarioReader"/>, to an equal scenario.
/// </summary>
public static class NativeScenarioWriter
{
    /// <summary>The scenario as native YAML text, with <c>\n</c> line ends; unset values are left out.</summary>
    public static string Write(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        new NativeScenarioEmitter(new NativeYamlOut(text)).Write(scenario);
        return text.ToString();
    }
}
