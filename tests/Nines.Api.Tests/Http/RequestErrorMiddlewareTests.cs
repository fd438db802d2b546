using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Nines.Api.Auth;
using Nines.Api.Tests.Support;
using Nines.Testing;

namespace Nines.Api.Tests.Http;

/// <summary>An endpoint that throws something no mapping knows: a 500 problem+json, and the controller's log says where and for whom.</summary>
public sealed class RequestErrorMiddlewareTests
{
    [Fact]
    public async Task InvokeAsync_EndpointThrowsUnexpectedly_Answers500ProblemAndLogsPathAndTenant()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await ApiHost.StartAsync(sqlite: false, logs: logs, map: app =>
            app.MapGet("/v1/test/throws", string () => throw new NotSupportedException("the endpoint broke"))
                .RequireAuthorization(ApiCaller.ReadPolicy));
        using var client = host.Client(host.OtherTenantToken);

        using var response = await client.GetAsync("/v1/test/throws");

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain("internal error");
        body.ShouldNotContain("the endpoint broke");
        var entry = logs.Entries.Single(e => e.Category == "Nines.Api.Http.RequestErrorMiddleware");
        entry.Level.ShouldBe(LogLevel.Error);
        entry.EventId.Id.ShouldBe(1);
        entry.Value("Path").ShouldBe("/v1/test/throws");
        entry.Value("Method").ShouldBe(HttpMethods.Get);
        entry.Value("Tenant").ShouldBe("globex");
        entry.Exception.ShouldBeOfType<NotSupportedException>();
        body.ShouldContain(entry.Value("RequestId")!);
    }

    [Fact]
    public async Task InvokeAsync_EndpointSucceeds_LogsNothingAtWarningOrAbove()
    {
        var logs = new CapturingLoggerProvider { MinimumLevel = LogLevel.Warning };
        await using var host = await ApiHost.StartAsync(sqlite: false, logs: logs);
        using var client = host.Client(host.OperatorToken);

        using var response = await client.GetAsync("/v1/deployments");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        logs.Entries.ShouldBeEmpty();
    }
}
