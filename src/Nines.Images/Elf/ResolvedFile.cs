using Nines.Images.Packages;

namespace Nines.Images.Elf;

/// <summary>A file the guest needs at <paramref name="GuestPath"/>, read from <paramref name="SourcePath"/> inside a package.</summary>
internal sealed record ResolvedFile(string GuestPath, string SourcePath, DebianPackage Package);
