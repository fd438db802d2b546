namespace Nines.Domain.Diagnostics;

/// <summary>Where in an input something was written: a file (or API field path) with a 1-based line and column.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <summary>A location that names only the file (line and column unknown, e.g. an empty file).</summary>
    public static SourceLocation OfFile(string file) => new(file, 0, 0);

    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
