namespace Nines.Domain.Scenarios;

/// <summary>How a filesystem image is used: directly, copy-on-write, or a host directory.</summary>
public enum FilesystemType
{
    Direct,
    Cow,
    HostFs,
}
