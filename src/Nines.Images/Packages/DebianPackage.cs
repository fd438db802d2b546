namespace Nines.Images.Packages;

/// <summary>
/// A downloaded Debian package: its identity, the SHA-256 of the .deb file, and where its contents were
/// extracted (<c>dpkg-deb -x</c>).
/// </summary>
internal sealed record DebianPackage(string Name, string Version, string Sha256, string Root);

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
