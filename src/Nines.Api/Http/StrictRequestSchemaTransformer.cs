using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Nines.Api.Contracts;

namespace Nines.Api.Http;

/// <summary>Marks the request bodies <c>additionalProperties: false</c>: the document says what the server enforces.</summary>
internal sealed class StrictRequestSchemaTransformer : IOpenApiSchemaTransformer
{
    private static readonly HashSet<Type> _requests = [typeof(DeployRequest), typeof(ExecRequest), typeof(VmActionRequest), typeof(CreateTokenRequest)];

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (_requests.Contains(context.JsonTypeInfo.Type))
        {
            schema.AdditionalPropertiesAllowed = false;
        }

        return Task.CompletedTask;
    }
}
