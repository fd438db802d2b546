namespace Nines.Images.Manifest;

/// <summary>One input package of the image.</summary>
/// <param name="Role">Why it is there: kernel, busybox, agent or library.</param>
internal sealed record ManifestPackage(string Name, string Version, string Sha256, string Role);
