using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Nines.Cli.Hosting;

namespace Nines.Cli.Tests.Hosting;

public sealed class CliLoggingTests
{
    [Fact]
    public void TryParse_NothingGiven_InformationAsText()
    {
        CliLogging.TryParse(null, null, out var logging, out var error).ShouldBeTrue();

        error.ShouldBeNull();
        logging.ShouldBe(new CliLogging(LogLevel.Information, CliLogFormat.Text));
    }

    [Theory]
    [InlineData("debug", "json", LogLevel.Debug, true)]
    [InlineData("WARNING", "Text", LogLevel.Warning, false)]
    [InlineData("info", null, LogLevel.Information, false)]
    [InlineData("none", "json", LogLevel.None, true)]
    public void TryParse_KnownNames_Parsed(string level, string? format, LogLevel expectedLevel, bool json)
    {
        CliLogging.TryParse(level, format, out var logging, out _).ShouldBeTrue();

        logging.ShouldBe(new CliLogging(expectedLevel, json ? CliLogFormat.Json : CliLogFormat.Text));
    }

    [Theory]
    [InlineData("loud", null, "--log-level \"loud\"")]
    [InlineData("3", null, "--log-level \"3\"")]
    [InlineData(null, "xml", "--log-format \"xml\"")]
    public void TryParse_UnknownName_ErrorNamesTheOption(string? level, string? format, string expected)
    {
        CliLogging.TryParse(level, format, out _, out var error).ShouldBeFalse();

        error.ShouldNotBeNull().ShouldStartWith(expected);
    }

    [Fact]
    public void Arguments_ParsedAgain_SameLogging()
    {
        var logging = new CliLogging(LogLevel.Debug, CliLogFormat.Json);
        var arguments = logging.Arguments();

        CliLogging.TryParse(arguments[1], arguments[3], out var again, out _).ShouldBeTrue();

        again.ShouldBe(logging);
    }

    [Fact]
    public void Configure_Json_ConsoleUsesTheJsonFormatterAndKeepsFrameworkAtWarning()
    {
        var services = new ServiceCollection();
        services.AddLogging(new CliLogging(LogLevel.Debug, CliLogFormat.Json).Configure);
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName.ShouldBe(ConsoleFormatterNames.Json);
        var loggers = provider.GetRequiredService<ILoggerFactory>();
        loggers.CreateLogger("Nines.Controller.Reconciliation.DeploymentController").IsEnabled(LogLevel.Debug).ShouldBeTrue();
        loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information).ShouldBeFalse();
        loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Warning).ShouldBeTrue();
    }
}
