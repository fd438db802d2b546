using System.CommandLine;
using Nines.Cli.Remote;

namespace Nines.Cli.Commands;

/// <summary>The options every command that talks to the controller takes.</summary>
internal sealed class RemoteOptions
{
    public Option<string?> Controller { get; } = new("--controller") { Description = "Controller URL (default: $NINES_CONTROLLER, else the one `nines up` started for the data directory)" };

    public Option<string?> Token { get; } = new("--token") { Description = "Bearer token (default: $NINES_TOKEN, else DATA/admin.token)" };

    public Option<string?> Data { get; } = new("--data") { Description = "Data directory (default: $NINES_HOME/data, else $XDG_DATA_HOME/nines, else ~/.local/share/nines)" };

    public Option<OutputFormat> Output { get; } = new("--output", "-o") { Description = "table or json (the API's JSON, one document)", DefaultValueFactory = _ => OutputFormat.Table };

    /// <summary>A command with these options already added.</summary>
    public static (Command Command, RemoteOptions Options) Command(string name, string description)
    {
        var options = new RemoteOptions();
        var command = new Command(name, description) { options.Controller, options.Token, options.Data, options.Output };
        return (command, options);
    }

    public RemoteArguments Read(ParseResult parse) =>
        new(new ControllerArguments(parse.GetValue(Controller), parse.GetValue(Token), parse.GetValue(Data)), parse.GetValue(Output));
}
