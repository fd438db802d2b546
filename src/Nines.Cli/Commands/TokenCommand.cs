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
        command.Options.Add(role);
        command.Options.Add(tenant);
        command.Options.Add(description);
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            return RemoteCommand.RunAsync(context, "token create", arguments, autoStart: false, async connection =>
            {
                var issued = await connection.Client.CreateTokenAsync(new CreateTokenRequest(parse.GetValue(role), parse.GetValue(tenant), parse.GetValue(description)), cancellationToken).ConfigureAwait(false);
                if (arguments.Json)
                {
                    await JsonOutput.WriteAsync(context.Out, issued.Json).ConfigureAwait(false);
                }
                else
                {
                    await context.Out.WriteLineAsync(issued.Value.Token).ConfigureAwait(false);
                    await context.Error.WriteLineAsync($"token {issued.Value.Record.Id[..12]}…: {issued.Value.Record.Role.ToString().ToLowerInvariant()} of tenant {issued.Value.Record.Tenant} (shown once; keep it secret)").ConfigureAwait(false);
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
                    TextTable.Write(context.Out, ["ID", "ROLE", "TENANT", "CREATED", "DESCRIPTION"], tokens.Value.Select(t => (IReadOnlyList<string>)
                        [t.Id, t.Role.ToString().ToLowerInvariant(), t.Tenant, t.CreatedAt.ToString("u", CultureInfo.InvariantCulture), t.Description ?? string.Empty]));
                }

                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

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
