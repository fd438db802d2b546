namespace Nines.Cli.Commands;

/// <summary>How a remote command prints: a table for people, or the API's JSON (one document) for scripts.</summary>
internal enum OutputFormat
{
    Table,
    Json,
}
