namespace Nines.Drivers.HostPaths;

/// <summary>
/// One host path a scenario or definition names: the field it is in (<c>vm[r1]/kernel</c>), the path as written, what
/// it must be, and whether it may be missing (a VNUML kernel or filesystem that does not exist is replaced by the guest
/// image, so a missing one is no error).
/// </summary>
public sealed record HostPathUse(string Field, string Path, HostPathKind Kind, bool MayBeMissing);
