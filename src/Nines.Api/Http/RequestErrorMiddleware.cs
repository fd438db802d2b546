using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Nines.Api.Auth;
using Nines.Store;

namespace Nines.Api.Http;

/// <summary>
/// Turns a request body that does not bind (unknown field, wrong type, not JSON) into a 400 problem+json naming the
/// field, instead of the framework's empty 400. Binding fails before any handler runs, so bad input changes nothing.
/// A host agent that does not answer (a remote agent down or partitioned) is a 503 naming the failure, not a 500.
/// A write the store refused for lack of space (<see cref="StoreFullException"/>: nothing of it was stored) is a 507.
/// Anything else an endpoint throws is logged with the request and the caller's tenant, and answered as a 500
/// problem+json that names no internals.
/// </summary>
internal sealed partial class RequestErrorMiddleware
{
    /// <summary>
    /// How deeply a request body may nest objects and arrays (rule max-depth): every request is at most three levels
    /// deep, so a body nested further is hostile and is refused before it is read any deeper.
    /// </summary>
    public const int MaxBodyDepth = 16;

    private readonly RequestDelegate _next;
    private readonly ILogger _logger;

    public RequestErrorMiddleware(RequestDelegate next, ILogger<RequestErrorMiddleware> logger)
    {
        _next = next;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await _next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var errors = new ValidationErrors();
            if (e.InnerException is JsonException deep && IsTooDeep(deep))
            {
                // Its path would name every level ("scenario[0][0][0]…"): the body as a whole is at fault.
                errors.Add("body", $"nests objects and arrays more than {MaxBodyDepth} levels deep (rule max-depth: no request needs more than three)");
            }
            else if (e.InnerException is JsonException json)
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
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            var tenant = context.User.FindFirst(ApiCaller.TenantClaim)?.Value ?? "(anonymous)";
            LogUnhandled(e, context.Request.Method, context.Request.Path, tenant, context.TraceIdentifier);
            if (context.Response.HasStarted)
            {
                throw;
            }

            await TypedResults.Problem(
                statusCode: StatusCodes.Status500InternalServerError,
                title: "internal error",
                detail: $"the request failed on an unexpected error; the controller's log has it under request {context.TraceIdentifier}").ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "{Method} {Path} by tenant {Tenant} failed on an unexpected error (request {RequestId})")]
    private partial void LogUnhandled(Exception exception, string method, string path, string tenant, string requestId);

    private static bool IsHostUnreachable(Exception e, HttpContext context) =>
        !context.RequestAborted.IsCancellationRequested && e is HttpRequestException or TimeoutException;

    // System.Text.Json says so in the exception or in the reader's exception inside it; nothing else mentions depth.
    private static bool IsTooDeep(JsonException e) =>
        e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase)
        || e.InnerException?.Message.Contains("depth", StringComparison.OrdinalIgnoreCase) == true;

    // "$.vms[2]" → "vms[2]"; "$" (the body itself) → "body".
    private static string FieldOf(string? path) =>
        path is null or "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
