using System.Runtime.CompilerServices;
using Nines.Domain.Diagnostics;

namespace Nines.Domain.Scenarios;

/// <summary>
/// Where each model object was written. Kept beside the model (keyed by object identity) rather than in
/// it, so two scenarios read from different files still compare equal by content.
/// </summary>
public sealed class SourceMap
{
    private readonly ConditionalWeakTable<object, Box> _locations = [];

    public SourceMap(string file) => File = file;

    /// <summary>The file (or API document) the objects came from.</summary>
    public string File { get; }

    public void Record(object item, SourceLocation location) => _locations.AddOrUpdate(item, new Box(location));

    /// <summary>The location of <paramref name="item"/>, or the file alone when it was not recorded.</summary>
    public SourceLocation Locate(object item) =>
        _locations.TryGetValue(item, out var box) ? box.Location : SourceLocation.OfFile(File);

    private sealed record Box(SourceLocation Location);
}
