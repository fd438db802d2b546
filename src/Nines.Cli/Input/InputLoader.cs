using Nines.Domain;
using Nines.Domain.Clusters;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Scenarios;
using Nines.Scenarios.Restrictions;

namespace Nines.Cli.Input;

/// <summary>Reads the files a command names into models, collecting every diagnostic of every file.</summary>
internal static class InputLoader
{
    public static ScenarioDocument? Scenario(string path, string? configuration, DiagnosticBag diagnostics)
    {
        var text = InputFile.ReadText(path, diagnostics);
        if (text is null)
        {
            return null;
        }

        var result = ScenarioReader.Read(text, path, configuration);
        diagnostics.AddRange(result.Diagnostics);
        return result.Value;
    }

    public static ClusterSpec? Cluster(string path, DiagnosticBag diagnostics)
    {
        var text = InputFile.ReadText(path, diagnostics);
        if (text is null)
        {
            return null;
        }

        var result = ClusterReader.Read(text, path);
        diagnostics.AddRange(result.Diagnostics);
        return result.Value?.Cluster;
    }

    public static ValueList<LocatedRule>? Restrictions(string path, DiagnosticBag diagnostics)
    {
        var text = InputFile.ReadText(path, diagnostics);
        if (text is null)
        {
            return null;
        }

        var result = EdivRestrictionsReader.Read(text, path);
        diagnostics.AddRange(result.Diagnostics);
        return result.Value?.Rules;
    }
}
