using Nines.Api.Auth;
using Nines.Embedded;

namespace Nines.Cli.Hosting;

/// <summary>
/// <c>DATA/admin.token</c>: the admin token <c>nines up</c> creates on its first start, readable only by its owner.
/// Later starts keep it while it still verifies (it was not revoked, the store was not replaced).
/// </summary>
internal static class AdminTokenFile
{
    public const string FileName = "admin.token";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>The token in the file when it still grants admin, else a new one written there; and whether it is new.</summary>
    public static async Task<(string Token, bool Created)> EnsureAsync(TokenService tokens, string dataDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var path = PathIn(dataDirectory);
        if (PrivateFile.TryRead(path)?.Trim() is { Length: > 0 } existing
            && await tokens.ValidateAsync(existing, cancellationToken).ConfigureAwait(false) is { Role: ApiRole.Admin })
        {
            return (existing, false);
        }

        var issued = await tokens.CreateAsync(ApiRole.Admin, EmbeddedHostOptions.DefaultTenant, $"nines up ({path})", cancellationToken).ConfigureAwait(false);
        PrivateFile.Write(path, issued.Token + "\n");
        return (issued.Token, true);
    }
}
