using Nines.ControlPlane.Availability;

namespace Nines.ControlPlane.Tests.Availability;

/// <summary>Launches the sample counter (this build's) inside each unit's OS-level instance, on the embedded store's file.</summary>
internal static class CounterLauncher
{
    public const int Port = 7000;

    /// <summary>The sample counter built beside this test assembly (same configuration).</summary>
    public static string CounterDll
    {
        get
        {
            var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            var configuration = bin.Parent!.Name;
            var root = bin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "samples", "Nines.Samples.Counter", "bin", configuration, bin.Name, "Nines.Samples.Counter.dll");
        }
    }

    public static HostProgramLauncher For(string storePath, string logDirectory) =>
        new(unit =>
        [
            "/usr/bin/dotnet", CounterDll, "--store", storePath, "--group", unit.Group, "--unit", unit.Unit,
            "--instance", unit.Instances[0], "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--address", "0.0.0.0", "--watch-poll-ms", "10",
        ])
        {
            LogDirectory = logDirectory,
        };
}
