using System.Text;
using Nines.Domain.Diagnostics;

namespace Nines.Cli.Input;

/// <summary>Reads an input file for the pure readers, turning I/O failures into diagnostics that name the file.</summary>
internal static class InputFile
{
    /// <summary>The code of the error reported when a file cannot be read at all.</summary>
    public const string UnreadableCode = "NX0100";

    /// <summary>The file's text (UTF-8, BOM-aware), or null with an error added to <paramref name="diagnostics"/>.</summary>
    public static string? ReadText(string path, DiagnosticBag diagnostics)
    {
        try
        {
            return File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = ex switch
            {
                FileNotFoundException => "no such file",
                DirectoryNotFoundException => "no such directory",
                UnauthorizedAccessException => "permission denied",
                _ => ex.Message,
            };
            diagnostics.Error(UnreadableCode, SourceLocation.OfFile(path), null, $"cannot read the file: {reason}");
            return null;
        }
    }
}
