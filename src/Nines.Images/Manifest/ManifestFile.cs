namespace Nines.Images.Manifest;

/// <summary>One produced file of the image.</summary>
internal sealed record ManifestFile(string Name, long Size, string Sha256);
