using Nines.Cli.Remote;

namespace Nines.Cli.Commands;

/// <summary>The parsed remote options.</summary>
internal sealed record RemoteArguments(ControllerArguments Controller, OutputFormat Output)
{
    public bool Json => Output == OutputFormat.Json;
}
