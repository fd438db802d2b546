using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Nines.Cli.Hosting;

/// <summary>
/// How <c>nines up</c> and <c>nines agent</c> log: <c>--log-level</c> (default <c>information</c>) for Nines' own
/// components, at least <c>warning</c> for the framework (Kestrel, hosting), and <c>--log-format text|json</c> on
/// the console (a background controller's console is <c>DATA/controller.log</c>).
/// </summary>
internal sealed record CliLogging(LogLevel Level, CliLogFormat Format)
{
    /// <summary>Information, one line per entry.</summary>
    public static CliLogging Default { get; } = new(LogLevel.Information, CliLogFormat.Text);

    /// <summary>A provider that gets every entry beside the console (tests capture the log with it); none by default.</summary>
    public ILoggerProvider? AlsoTo { get; init; }

    /// <summary>The names <c>--log-level</c> takes.</summary>
    public static string LevelNames => "trace, debug, information, warning, error, critical, none";

    /// <summary>Reads <c>--log-level</c> and <c>--log-format</c> (null for their defaults); false with the reason when one is not valid.</summary>
    public static bool TryParse(string? level, string? format, out CliLogging logging, out string? error)
    {
        logging = Default;
        error = null;
        var parsedLevel = Default.Level;
        if (level is not null && !TryParseLevel(level, out parsedLevel))
        {
            error = $"--log-level \"{level}\" is not a level (expected {LevelNames})";
            return false;
        }

        var parsedFormat = Default.Format;
        if (format is not null && !(Enum.TryParse(format, ignoreCase: true, out parsedFormat) && Enum.IsDefined(parsedFormat)))
        {
            error = $"--log-format \"{format}\" is not a format (expected text or json)";
            return false;
        }

        logging = new CliLogging(parsedLevel, parsedFormat);
        return true;
    }

    /// <summary>The arguments that give a child process (a background <c>up</c>) the same logging.</summary>
    public IReadOnlyList<string> Arguments() => ["--log-level", Level.ToString().ToLowerInvariant(), "--log-format", Format.ToString().ToLowerInvariant()];

    /// <summary>Replaces <paramref name="builder"/>'s providers with the console in this format and level.</summary>
    public void Configure(ILoggingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ClearProviders();
        builder.SetMinimumLevel(Level);

        // The framework's information (request starts, hosting lifetime) is noise a user cannot act on.
        var framework = Level > LogLevel.Warning ? Level : LogLevel.Warning;
        builder.AddFilter("Microsoft", framework);
        builder.AddFilter("System", framework);
        if (Format == CliLogFormat.Json)
        {
            builder.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }

        if (AlsoTo is not null)
        {
            builder.AddProvider(AlsoTo);
        }
    }

    /// <summary>A factory with this configuration, for the control plane's components (the caller disposes it).</summary>
    public ILoggerFactory CreateFactory() => LoggerFactory.Create(Configure);

    private static bool TryParseLevel(string text, out LogLevel level)
    {
        if (string.Equals(text, "info", StringComparison.OrdinalIgnoreCase))
        {
            level = LogLevel.Information;
            return true;
        }

        return Enum.TryParse(text, ignoreCase: true, out level) && Enum.IsDefined(level) && !int.TryParse(text, out _);
    }
}
