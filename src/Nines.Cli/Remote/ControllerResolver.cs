using Nines.Cli.Hosting;
using Nines.Embedded;

namespace Nines.Cli.Remote;

/// <summary>
/// Finds the controller a command talks to: <c>--controller</c> / <c>NINES_CONTROLLER</c>; else the one recorded in
/// <c>DATA/controller.json</c>. The token: <c>--token</c> / <c>NINES_TOKEN</c>, else <c>DATA/admin.token</c>. Over HTTPS
/// the server must prove itself to the machine's roots or the data directory's CA (<see cref="ControllerTrust"/>). An explicit
/// controller that does not answer is an error, never a reason to start another one.
/// </summary>
internal static class ControllerResolver
{
    private static readonly TimeSpan _probeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The data directory: <c>--data</c>, else the embedded default (<c>$NINES_HOME/data</c>…).</summary>
    public static string DataDirectory(CliContext context, string? data) =>
        Path.GetFullPath(data ?? EmbeddedHostOptions.DefaultDataDirectory(context.Variable));

    /// <summary>
    /// Connects to the controller; with <paramref name="autoStart"/> (deploy) and nothing configured or answering, starts
    /// the embedded one in the background first (<c>NINES_DRIVER</c> picks its driver) and says so in one line.
    /// </summary>
    /// <exception cref="NinesApiException">Status 0: no controller answers (and none was to be started).</exception>
    public static async Task<ControllerConnection> ConnectAsync(CliContext context, ControllerArguments arguments, bool autoStart, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var data = DataDirectory(context, arguments.DataDirectory);
        var token = arguments.Token ?? context.Variable("NINES_TOKEN");
        if ((arguments.Controller ?? context.Variable("NINES_CONTROLLER")) is { } explicitUrl)
        {
            if (!Uri.TryCreate(explicitUrl.TrimEnd('/') + "/", UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new NinesApiException(0, "not a controller URL", $"\"{explicitUrl}\" (expected http://HOST:PORT or https://HOST:PORT)");
            }

            var client = ControllerTrust.Client(url, token ?? AdminToken(data), ControllerTrust.Authorities(context, data));
            if (await client.TryHealthAsync(_probeTimeout, cancellationToken).ConfigureAwait(false) is null)
            {
                client.Dispose();
                throw new NinesApiException(0, "the controller does not answer", $"{url} (given by --controller or NINES_CONTROLLER) does not answer; is it running?");
            }

            return new ControllerConnection(client, null, data);
        }

        var info = ControllerInfo.TryRead(data);
        if (info is not null)
        {
            var client = ControllerTrust.Client(new Uri(info.Url), token ?? AdminToken(data), ControllerTrust.Authorities(context, data));
            if (await client.TryHealthAsync(_probeTimeout, cancellationToken).ConfigureAwait(false) is not null)
            {
                return new ControllerConnection(client, info, data);
            }

            client.Dispose();
        }

        if (!autoStart)
        {
            throw new NinesApiException(0, "no controller answers", info is null
                ? $"none is configured (--controller, NINES_CONTROLLER) and none runs for {data}; start one with: nines up --background"
                : $"the controller recorded in {ControllerInfo.PathIn(data)} ({info.Url}) does not answer; start it again with: nines up --background");
        }

        var upArguments = UpArguments(context, data);
        await context.Error.WriteLineAsync($"nines: no controller answers; starting the embedded one in the background (nines up {string.Join(' ', upArguments)}; log: {Path.Combine(data, BackgroundLauncher.LogFileName)})").ConfigureAwait(false);
        ControllerInfo started;
        try
        {
            started = await BackgroundLauncher.StartAsync(data, upArguments, context.Error, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw new NinesApiException(0, "the embedded controller did not start", e.Message, innerException: e);
        }

        return new ControllerConnection(ControllerTrust.Client(new Uri(started.Url), token ?? AdminToken(data), ControllerTrust.Authorities(context, data)), started, data);
    }

    /// <summary>The arguments an auto-started <c>up</c> gets: this data directory, <c>NINES_DRIVER</c>, <c>NINES_LISTEN</c>.</summary>
    private static List<string> UpArguments(CliContext context, string data)
    {
        var arguments = new List<string> { "--data", data };
        if (context.Variable("NINES_DRIVER") is { } driver)
        {
            arguments.AddRange(["--driver", driver]);
        }

        if (context.Variable("NINES_LISTEN") is { } listen)
        {
            arguments.AddRange(["--listen", listen]);
        }

        return arguments;
    }

    private static string? AdminToken(string data) => PrivateFile.TryRead(AdminTokenFile.PathIn(data))?.Trim() is { Length: > 0 } token ? token : null;
}
