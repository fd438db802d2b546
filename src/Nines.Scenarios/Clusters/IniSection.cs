using Nines.Domain.Diagnostics;

namespace Nines.Scenarios.Clusters;

/// <summary>One <c>[name]</c> section and its entries in file order (a key may repeat; the reader decides whether it may).</summary>
internal sealed record IniSection(string Name, SourceLocation Location, IReadOnlyList<IniEntry> Entries);
