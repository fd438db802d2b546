namespace Nines.Domain.Scenarios;

/// <summary>A console of the VM (VNUML <c>&lt;console id&gt;</c>): how the user attaches to it.</summary>
public sealed record ConsoleSpec(int Id, string Kind);
