using Microsoft.AspNetCore.Http;
using Nines.Contracts.AgentWire;

namespace Nines.Agent.Server;

/// <summary>Answers any exception of a handler as problem+json (<see cref="AgentErrors.ToProblem"/>), unless the answer has begun.</summary>
internal sealed class AgentErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (AgentRequestException e) when (!context.HttpContext.Response.HasStarted)
        {
            return AgentResults.Problem(e.Problem);
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The caller went away: nobody reads an answer.
            throw;
        }
        catch (Exception e) when (!context.HttpContext.Response.HasStarted)
        {
            return AgentResults.Problem(AgentErrors.ToProblem(e));
        }
    }
}
