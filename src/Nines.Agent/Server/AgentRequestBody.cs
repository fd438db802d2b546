using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Nines.Contracts.AgentWire;

namespace Nines.Agent.Server;

/// <summary>
/// Reads a request body strictly (<see cref="AgentJson.Requests"/>). Handlers call it after the secret check, and a
/// body that does not bind throws <see cref="AgentRequestException"/> naming the field before anything changes.
/// </summary>
internal static class AgentRequestBody
{
    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            throw new AgentRequestException("body", $"expected application/json, not \"{request.ContentType}\"");
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, AgentJson.Requests, cancellationToken).ConfigureAwait(false)
                ?? throw new AgentRequestException("body", "is required");
        }
        catch (JsonException e)
        {
            var field = FieldOf(e.Path);
            throw e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? new AgentRequestException(field, $"unknown field \"{field}\"")
                : new AgentRequestException(field, $"not a valid value: {e.Message}");
        }
    }

    // "$.vms[2].memoryMiB" → "vms[2].memoryMiB"; "$" (the body itself) → "body".
    private static string FieldOf(string? path) =>
        path is null or "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
