using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nines.Api.Auth;
using Nines.Api.Endpoints;
using Nines.Api.Http;
using Nines.Api.Images;
using Nines.Api.Sequences;
using Nines.Contracts.Agents;
using Nines.Contracts.Repositories;
using Nines.Controller.LiveMigration;
using Nines.Controller.Quotas;
using Nines.Controller.Repositories;
using Nines.Drivers.Mapping;
using Nines.Store;

namespace Nines.Api;

/// <summary>
/// Composes the REST API into an ASP.NET Core app. The host registers the control plane it runs on — an
/// <see cref="IStateStore"/>, an <see cref="Nines.Contracts.Agents.IHostAgentDirectory"/> and (optionally) a
/// <see cref="TimeProvider"/> and the repositories — then calls <see cref="AddNinesApi"/> and <see cref="MapNinesApi"/>.
/// </summary>
public static class NinesApi
{
    /// <summary>The path the OpenAPI document is served at.</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    /// <summary>
    /// Registers the API's services: bearer authentication, role policies, strict JSON (unknown fields rejected),
    /// problem details, the OpenAPI document, <see cref="TokenService"/>, the control-plane repositories over the
    /// registered store when the host did not register its own, and the retention pruner (events and finished
    /// operations by age and count per tenant, history compaction) with the registered <see cref="RetentionOptions"/>
    /// or the defaults.
    /// </summary>
    public static IServiceCollection AddNinesApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new DeploymentRepository(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new HostRepository(sp.GetRequiredService<IStateStore>()));
        services.TryAddSingleton(sp => new OperationRepository(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new EventLog(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new TokenService(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new JoinTokenService(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new QuotaRepository(sp.GetRequiredService<IStateStore>()));
        services.TryAddSingleton(sp => sp.GetService<VmMappingOptions>() is { } m ? new QuotaAccounting(m.DefaultMemoryMiB, m.DefaultVcpus) : QuotaAccounting.Default);
        services.TryAddSingleton(sp => new ImageLibrary(sp.GetService<ImageLibraryOptions>()));
        services.TryAddSingleton<SequenceOperationRunner>();
        services.TryAddSingleton(new RetentionOptions());

        // Host paths a scenario may name: none unless the host registered its libraries (nines up --image-root, DATA/images).
        services.TryAddSingleton(Nines.Drivers.HostPaths.HostPathPolicy.None);
        services.TryAddSingleton(sp => new RetentionPruner(
            sp.GetRequiredService<IStateStore>(),
            sp.GetRequiredService<EventLog>(),
            sp.GetRequiredService<OperationRepository>(),
            sp.GetRequiredService<RetentionOptions>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<RetentionService>();
        services.AddHostedService<AbandonedExecSweeper>();

        // Live migrations need the mapping the reconciler uses (guest image paths); a host that registers none has no route to them.
        services.TryAddSingleton(sp => sp.GetService<VmMappingOptions>() is { } mapping
            ? new MigrationCoordinator(
                sp.GetRequiredService<DeploymentRepository>(),
                sp.GetRequiredService<HostRepository>(),
                sp.GetRequiredService<OperationRepository>(),
                sp.GetRequiredService<EventLog>(),
                sp.GetRequiredService<IHostAgentDirectory>(),
                mapping,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<Microsoft.Extensions.Logging.ILogger<MigrationCoordinator>>())
            : null!);
        services.TryAddSingleton(sp => sp.GetService<MigrationCoordinator>() is { } migrations
            ? new HostDrainer(
                sp.GetRequiredService<DeploymentRepository>(),
                sp.GetRequiredService<HostRepository>(),
                migrations,
                sp.GetRequiredService<TimeProvider>(),
                (IUnitHandover?)sp.GetService<IUnitHandover>() ?? sp.GetService<Nines.Controller.AvailabilityShell.AvailabilityManager>(),
                sp.GetService<Microsoft.Extensions.Logging.ILogger<HostDrainer>>())
            : null!);

        services.TryAddSingleton(sp => sp.GetService<HostDrainer>() is { } drainer
            ? new Nines.Controller.HostUpgrades.HostUpgrader(
                sp.GetRequiredService<HostRepository>(),
                drainer,
                sp.GetRequiredService<OperationRepository>(),
                sp.GetRequiredService<IHostAgentDirectory>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<Nines.Controller.HostUpgrades.HostUpgraderOptions>(),
                sp.GetService<Microsoft.Extensions.Logging.ILogger<Nines.Controller.HostUpgrades.HostUpgrader>>())
            : null!);

        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.MaxDepth = RequestErrorMiddleware.MaxBodyDepth;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });

        // Bad bodies throw, so RequestErrorMiddleware answers them as problem+json naming the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        // Authentication pulls in data protection, which nothing here uses (bearer tokens are hashed in the store): keys
        // kept in memory are never written to ~/.aspnet unencrypted, and no start warns about them.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiCaller.ReadPolicy, p => p.RequireAuthenticatedUser())
            .AddPolicy(ApiCaller.OperatePolicy, p => p.RequireRole(ApiCaller.RoleName(ApiRole.Operator), ApiCaller.RoleName(ApiRole.Admin)))
            .AddPolicy(ApiCaller.AdminPolicy, p => p.RequireRole(ApiCaller.RoleName(ApiRole.Admin)));
        services.AddOpenApi("v1", o => o.AddDocumentTransformer<OpenApiDocumentTransformer>().AddDocumentTransformer<StoreFullResponseTransformer>().AddSchemaTransformer<StrictRequestSchemaTransformer>());
        return services;
    }

    /// <summary>Adds the API's middleware and maps every endpoint under <c>/v1</c>, and the OpenAPI document.</summary>
    public static WebApplication MapNinesApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RequestErrorMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi(OpenApiPath).AllowAnonymous();
        var v1 = app.MapGroup("/v1").RequireAuthorization(ApiCaller.ReadPolicy);
        v1.MapDeploymentEndpoints();
        v1.MapVmEndpoints();
        v1.MapVmRuntimeEndpoints();
        v1.MapMigrationEndpoints();
        v1.MapHostEndpoints();
        v1.MapDrainEndpoints();
        v1.MapHostUpgradeEndpoints();
        v1.MapOperationEndpoints();
        v1.MapEventEndpoints();
        v1.MapTokenEndpoints();
        v1.MapHealthEndpoints();
        v1.MapAvailabilityEndpoints();
        v1.MapQuotaEndpoints();
        v1.MapImageEndpoints();
        v1.MapAgentJoinEndpoints();
        return app;
    }
}
