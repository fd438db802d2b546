using System.Globalization;
using Nines.Domain.Scenarios;

namespace Nines.Drivers.Sequences;

/// <summary><c>&lt;filetree&gt;</c>: a host directory tree copied into the guest through the guest agent.</summary>
public sealed partial class ExecSequenceRunner
{
    /// <summary>
    /// Creates the directories (<c>mkdir -p</c>: the guest agent's file write does not), writes every file, then sets
    /// modes (one <c>chmod</c> per mode) and, for a user other than root, ownership. One outcome for the whole tree.
    /// </summary>
    private async Task<StepResult> CopyTreeAsync(string vmId, FileTreeSpec tree, CancellationToken cancellationToken)
    {
        IReadOnlyList<FileTreeEntry> entries;
        try
        {
            entries = await _options.ReadFileTree(tree.Source, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return StepResult.Failed($"cannot read directory tree \"{tree.Source}\": {e.Message}");
        }

        var files = new List<(string GuestPath, FileTreeEntry Entry)>();
        foreach (var entry in entries)
        {
            if (GuestPath(tree.Root, entry.RelativePath) is not { } guestPath)
            {
                return StepResult.Failed($"\"{entry.RelativePath}\" in \"{tree.Source}\" is not a relative path below the tree (expected no leading / and no ..)");
            }

            files.Add((guestPath, entry));
        }

        var directories = files.Select(f => f.GuestPath[..f.GuestPath.LastIndexOf('/')])
            .Prepend(RootDirectory(tree.Root))
            .Where(d => d.Length > 0)
            .Distinct(StringComparer.Ordinal);
        var commands = new List<string> { $"mkdir -p {GuestShell.QuoteAll(directories)}" };
        if (await RunInGuestAsync(vmId, commands[0], null, cancellationToken).ConfigureAwait(false) is { Problem: not null } failedMkdir)
        {
            return failedMkdir;
        }

        foreach (var (guestPath, entry) in files)
        {
            await _driver.WriteFileAsync(vmId, guestPath, entry.Content, cancellationToken).ConfigureAwait(false);
        }

        foreach (var group in files.GroupBy(f => f.Entry.Mode & 0xFFF).OrderBy(g => g.Key))
        {
            commands.Add($"chmod {Convert.ToString(group.Key, 8)} {GuestShell.QuoteAll(group.Select(f => f.GuestPath))}");
        }

        if (!GuestShell.IsRoot(tree.User) && files.Count > 0)
        {
            commands.Add($"chown {GuestShell.Quote(tree.User!)} {GuestShell.QuoteAll(files.Select(f => f.GuestPath))}");
        }

        foreach (var command in commands.Skip(1))
        {
            if (await RunInGuestAsync(vmId, command, null, cancellationToken).ConfigureAwait(false) is { Problem: not null } failed)
            {
                return failed;
            }
        }

        var copied = string.Create(CultureInfo.InvariantCulture, $"{files.Count} file(s) copied to {tree.Root}\n");
        return new StepResult(0, copied, string.Empty, null);
    }

    /// <summary>The guest path of a tree file, or null when the relative path would leave the tree.</summary>
    internal static string? GuestPath(string root, string relativePath)
    {
        var segments = relativePath.Replace('\\', '/').Split('/');
        if (relativePath.Length == 0 || relativePath.StartsWith('/') || segments.Any(s => s is ".." or ""))
        {
            return null;
        }

        var directory = RootDirectory(root);
        return $"{directory}/{string.Join('/', segments.Where(s => s != "."))}";
    }

    /// <summary>The tree's root without a trailing slash (<c>/</c> itself becomes the empty prefix).</summary>
    private static string RootDirectory(string root) => root.TrimEnd('/');
}
