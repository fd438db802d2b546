using Nines.Store.Tests.Sqlite;

namespace Nines.Store.Tests;

/// <summary>
/// The test assembly's entry point. The test host never calls it; <see cref="SqliteCrashDurabilityTests"/>
/// starts this assembly as a child process that writes until it is killed.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args) => args switch
    {
        [CrashWriter.Command, var path] => await CrashWriter.RunAsync(path),
        _ => 2,
    };
}
