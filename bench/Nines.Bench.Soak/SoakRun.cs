namespace Nines.Bench.Soak;

/// <summary>The whole soak: every chosen system at once, each with its own seeded randomness (seed, seed + 1).</summary>
internal static class SoakRun
{
    public static async Task<IReadOnlyList<SoakReport>> RunAsync(SoakOptions options, TextWriter progress, CancellationToken interrupt)
    {
        Directory.CreateDirectory(options.WorkRoot);
        try
        {
            var runs = options.Systems.Select((system, i) => new SystemSoak(system, options, options.Seed + i, progress).RunAsync(interrupt));
            return await Task.WhenAll(runs).ConfigureAwait(false);
        }
        finally
        {
            if (!options.Keep && Directory.Exists(options.WorkRoot) && !Directory.EnumerateFileSystemEntries(options.WorkRoot).Any())
            {
                Directory.Delete(options.WorkRoot);
            }
        }
    }
}
