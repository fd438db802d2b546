using Nines.Domain.Diagnostics;

namespace Nines.Scenarios.Clusters;

/// <summary>One <c>key = value</c> line, with where the key and the value start.</summary>
internal sealed record IniEntry(string Key, string Value, SourceLocation KeyLocation, SourceLocation ValueLocation);
