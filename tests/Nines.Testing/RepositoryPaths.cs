namespace Nines.Testing;

/// <summary>Paths inside the checkout the tests run from (found by walking up to <c>Nines.slnx</c>).</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> _root = new(FindRoot);

    /// <summary>The repository's top folder.</summary>
    public static string Root => _root.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Nines.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Nines.slnx not found above " + AppContext.BaseDirectory);
    }
}
