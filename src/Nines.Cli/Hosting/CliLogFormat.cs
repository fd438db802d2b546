namespace Nines.Cli.Hosting;

/// <summary>The console log format of the long-running commands (<c>up</c>, <c>agent</c>).</summary>
internal enum CliLogFormat
{
    /// <summary>One line per entry: UTC time, level, category, message.</summary>
    Text,

    /// <summary>One JSON object per line (timestamp, level, category, event id, message, state, scopes).</summary>
    Json,
}
