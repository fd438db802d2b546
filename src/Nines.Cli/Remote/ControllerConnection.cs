using Nines.Cli.Hosting;

namespace Nines.Cli.Remote;

/// <summary>Where the CLI found its controller, and the client talking to it.</summary>
/// <param name="Info">The record of the controller <c>nines up</c> started here (null for an explicit <c>--controller</c>).</param>
internal sealed record ControllerConnection(NinesApiClient Client, ControllerInfo? Info, string DataDirectory) : IDisposable
{
    public void Dispose() => Client.Dispose();
}
