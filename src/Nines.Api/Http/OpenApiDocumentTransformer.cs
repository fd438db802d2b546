using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Nines.Api.Http;

/// <summary>
/// Fills in what the generator cannot know: the title, the bearer scheme every call needs, and no <c>servers</c>
/// (they would name whichever host generated the document, so the checked-in copy would differ per machine).
/// </summary>
internal sealed class OpenApiDocumentTransformer : IOpenApiDocumentTransformer
{
    private const string Scheme = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new OpenApiInfo
        {
            Title = "Nines API",
            Version = "v1",
            Description = "Deploy scenarios (VNUML, native YAML, OVF), run their command sequences, operate VMs, follow operations and events. "
                + "Every call needs Authorization: Bearer <token>; errors are problem+json (RFC 7807); request bodies reject unknown fields.",
        };
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = Scheme,
            Description = "A Nines token (nines_...): role viewer, operator or admin, and a tenant.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] }];
        return Task.CompletedTask;
    }
}
