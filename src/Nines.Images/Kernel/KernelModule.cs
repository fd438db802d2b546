namespace Nines.Images.Kernel;

/// <summary>A kernel module file to load, with its path relative to the package root.</summary>
internal sealed record KernelModule(string Name, string RelativePath, IReadOnlyList<string> Depends);
