namespace Nines.Images.Packages;

/// <summary>
/// Where the builder gets packages from. Production uses <see cref="AptPackageSource"/> (the host's apt
/// configuration, real downloads); unit tests of the assembly logic may supply prepared package trees.
/// </summary>
internal interface IPackageSource
{
    /// <summary>The packages <paramref name="package"/> depends on (Depends and Pre-Depends; the first of each alternative).</summary>
    Task<IReadOnlyList<string>> GetDependenciesAsync(string package, CancellationToken cancellationToken);

    /// <summary>Downloads <paramref name="packages"/> and extracts each under <paramref name="workDirectory"/>.</summary>
    Task<IReadOnlyList<DebianPackage>> FetchAsync(IReadOnlyList<string> packages, string workDirectory, CancellationToken cancellationToken);
}
