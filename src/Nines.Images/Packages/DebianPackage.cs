namespace Nines.Images.Packages;

/// <summary>
/// A downloaded Debian package: its identity, the SHA-256 of the .deb file, and where its contents were
/// extracted (<c>dpkg-deb -x</c>).
/// </summary>
internal sealed record DebianPackage(string Name, string Version, string Sha256, string Root);
