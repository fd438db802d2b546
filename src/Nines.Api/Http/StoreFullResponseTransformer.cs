using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Nines.Api.Http;

/// <summary>
/// Documents the 507 every write may answer (<see cref="RequestErrorMiddleware"/>: the store has no space, nothing was
/// stored), with the RFC 7807 <c>ProblemDetails</c> schema it carries. Writes are the POST, PUT, PATCH and DELETE routes.
/// </summary>
internal sealed class StoreFullResponseTransformer : IOpenApiDocumentTransformer
{
    private const string SchemaName = "ProblemDetails";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        document.Components.Schemas.TryAdd(SchemaName, ProblemSchema());
        foreach (var path in document.Paths.Values)
        {
            foreach (var (method, operation) in path.Operations ?? [])
            {
                if (method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options)
                {
                    continue;
                }

                operation.Responses ??= [];
                operation.Responses["507"] = new OpenApiResponse
                {
                    Description = "Insufficient Storage: the store has no space for this change, so nothing of it was stored; repeat the request once space is freed",
                    Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                    {
                        ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(SchemaName, document) },
                    },
                };
            }
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema ProblemSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 7807 problem: what went wrong (title) and why (detail).",
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
        },
    };
}
