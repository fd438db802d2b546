using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Nines.Store;

namespace Nines.Api.Http;

/// <summary>
/// Turns a request body that does not bind (unknown field, wrong type, not JSON) into a 400 problem+json naming the
/// field, instead of the framework's empty 400. Binding fails before any handler runs, so bad input changes nothing.
/// A host agent that does not answer (a remote agent down or partitioned) is a 503 naming the failure, not a 500.
/// A write the store refused for lack of space (<see cref="StoreFullException"/>: nothing of it was stored) is a 507.
/// </summary>
internal sealed class RequestErrorMiddleware
{
    private readonly RequestDelegate _next;

    public RequestErrorMiddleware(RequestDelegate next) => _next = next;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await _next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var errors = new ValidationErrors();
            if (e.InnerException is JsonException json)
            {
                var field = FieldOf(json.Path);
                errors.Add(field, json.Message.Contains("could not be mapped", StringComparison.Ordinal)
                    ? $"unknown field \"{field}\" (see the OpenAPI document for the fields this request takes)"
                    : $"not a valid value: {json.Message}");
            }
            else
            {
                errors.Add("body", e.Message);
            }

            await ApiProblems.Invalid(errors).ExecuteAsync(context).ConfigureAwait(false);
        }
        catch (StoreFullException e) when (!context.Response.HasStarted)
        {
            await ApiProblems.InsufficientStorage(e).ExecuteAsync(context).ConfigureAwait(false);
        }
        catch (Exception e) when (IsHostUnreachable(e, context) && !context.Response.HasStarted)
        {
            // A VM's host agent (remote, over HTTP) did not answer: the VM may be fine, its host is out of reach.
            await TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "host-unreachable",
                detail: $"the VM's host agent did not answer: {e.Message}").ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    private static bool IsHostUnreachable(Exception e, HttpContext context) =>
        !context.RequestAborted.IsCancellationRequested && e is HttpRequestException or TimeoutException;

    // "$.vms[2]" → "vms[2]"; "$" (the body itself) → "body".
    private static string FieldOf(string? path) =>
        path is null or "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
