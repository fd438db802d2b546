using System.CommandLine;
using System.Globalization;
using Nines.Api.Auth;
using Nines.Api.Contracts;
using Nines.Cli.Output;

namespace Nines.Cli.Commands;

/// <summary><c>nines token create|list|revoke</c> (admin): bearer tokens with a role and a tenant.</summary>
internal static class TokenCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("token", "Create, list and revoke bearer tokens (admin)");
        command.Subcommands.Add(CreateCreate(context));
        command.Subcommands.Add(CreateList(context));
        command.Subcommands.Add(CreateRevoke(context));
        return command;
    }

    private static Command CreateCreate(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("create", "Create a token; its plaintext is printed once");
        var role = new Option<ApiRole>("--role") { Description = "viewer, operator or admin", Required = true };
        var tenant = new Option<string>("--tenant") { Description = "The tenant it acts in", Required = true };
        var description = new Option<string?>("--description") { Description = "What it is for" };
        var name = new Option<string?>("--name") { Description = "A short name shown by token list" };
        var expires = new Option<string?>("--expires") { Description = "How long it works: 30d, 12h, 90m, 2w or never (default: 90d for viewer and operator, never for admin)" };
        command.Options.Add(role);
        command.Options.Add(tenant);
        command.Options.Add(description);
        command.Options.Add(name);
        command.Options.Add(expires);
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            return RemoteCommand.RunAsync(context, "token create", arguments, autoStart: false, async connection =>
            {
                var issued = await connection.Client.CreateTokenAsync(new CreateTokenRequest(parse.GetValue(role), parse.GetValue(tenant), parse.GetValue(description), parse.GetValue(name), parse.GetValue(expires)), cancellationToken).ConfigureAwait(false);
                if (arguments.Json)
                {
                    await JsonOutput.WriteAsync(context.Out, issued.Json).ConfigureAwait(false);
                }
                else
                {
                    await context.Out.WriteLineAsync(issued.Value.Token).ConfigureAwait(false);
                    var record = issued.Value.Record;
                    await context.Error.WriteLineAsync($"token {record.Id[..12]}…: {record.Role.ToString().ToLowerInvariant()} of tenant {record.Tenant}, {Expiry(record, null)} (shown once; keep it secret)").ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static Command CreateList(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("list", "List tokens (ids are hashes; the tokens themselves are not stored)");
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            return RemoteCommand.RunAsync(context, "token list", arguments, autoStart: false, async connection =>
            {
                var tokens = await connection.Client.ListTokensAsync(cancellationToken).ConfigureAwait(false);
                if (arguments.Json)
                {
                    await JsonOutput.WriteAsync(context.Out, tokens.Json).ConfigureAwait(false);
                }
                else
                {
                    var now = TimeProvider.System.GetUtcNow();
                    TextTable.Write(context.Out, ["ID", "NAME", "ROLE", "TENANT", "CREATED", "EXPIRES", "DESCRIPTION"], tokens.Value.Select(t => (IReadOnlyList<string>)
                        [t.Id, t.Name ?? string.Empty, t.Role.ToString().ToLowerInvariant(), t.Tenant, t.CreatedAt.ToString("u", CultureInfo.InvariantCulture), Expiry(t, now), t.Description ?? string.Empty]));
                }

                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    /// <summary>When the token stops working, and whether it already has (the secret is never stored, so never shown).</summary>
    private static string Expiry(TokenRecord token, DateTimeOffset? now) => token.ExpiresAt switch
    {
        null => "never expires",
        { } at when now is { } n && token.IsExpiredAt(n) => $"expired {at.ToString("u", CultureInfo.InvariantCulture)}",
        { } at => $"expires {at.ToString("u", CultureInfo.InvariantCulture)}",
    };

    private static Command CreateRevoke(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("revoke", "Revoke a token by its id");
        var id = new Argument<string>("id") { Description = "The token's id (from token list)" };
        command.Arguments.Add(id);
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            return RemoteCommand.RunAsync(context, "token revoke", arguments, autoStart: false, async connection =>
            {
                await connection.Client.RevokeTokenAsync(parse.GetValue(id)!, cancellationToken).ConfigureAwait(false);
                await context.Out.WriteLineAsync($"revoked {parse.GetValue(id)}").ConfigureAwait(false);
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }
}
