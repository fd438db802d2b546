using Nines.Domain.Scenarios;

namespace Nines.Drivers.Sequences;

/// <summary>One planned command of a target's sequence, before it runs.</summary>
internal abstract record SequenceStep(string Description)
{
    /// <summary>A shell command line (a verbatim exec, or one line of a file exec), run as <paramref name="User"/>.</summary>
    public sealed record Shell(string CommandLine, string? User) : SequenceStep(CommandLine);

    /// <summary>A host directory tree copied into the guest.</summary>
    public sealed record Tree(FileTreeSpec Spec) : SequenceStep($"filetree {Spec.Source} -> {Spec.Root}");

    /// <summary>A file exec whose command file could not be read: it fails when its turn comes.</summary>
    public sealed record Unreadable(string File, string Reason) : SequenceStep($"file {File}");
}
