namespace Nines.Images.Resolution;

/// <summary>The diagnostic codes of image path resolution (NX8000–NX8099).</summary>
public static class ImageDiagnosticCodes
{
    /// <summary>Warning: a VNUML kernel or filesystem path does not exist, so the built guest image is used.</summary>
    public const string MappedToGuestImage = "NX8001";

    /// <summary>Error: the path leads outside the allowed directories (through "..", or a symbolic link).</summary>
    public const string OutsideAllowedDirectories = "NX8002";

    /// <summary>Error: the path exists but cannot be read, or is not the kind of file expected.</summary>
    public const string Unreadable = "NX8003";

    /// <summary>Error: the path does not exist and there is no built guest image to use instead.</summary>
    public const string NoGuestImage = "NX8004";

    /// <summary>Error: the path is empty or contains characters no path may contain.</summary>
    public const string InvalidPath = "NX8005";
}
