using Microsoft.AspNetCore.Http;
using Nines.Contracts.AgentWire;

namespace Nines.Agent.Server;

/// <summary>
/// Lets a call through only on a connection whose client presented a certificate Kestrel accepted (the controller's:
/// chained to the cluster's CA, identity <c>urn:nines:controller</c>; the TLS handshake already refused any other).
/// Calls on the agent's Unix health socket carry no certificate, so there only the anonymous health route answers.
/// Runs before the body is read.
/// </summary>
internal sealed class ControllerCertificateFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.HttpContext.Connection.ClientCertificate is null)
        {
            return AgentResults.Problem(new AgentProblem(
                StatusCodes.Status401Unauthorized, "unauthorized", AgentErrors.Unauthorized, "only the controller may call the agent, over mutual TLS with its client certificate"));
        }

        return await next(context).ConfigureAwait(false);
    }
}
