using Nines.Testing;

namespace Nines.Bench.Soak.Tests;

public sealed class ApiFuzzerTests
{
    private static readonly ApiFuzzer _fuzzer = new(File.ReadAllText(RepositoryPaths.Combine("api", "openapi.json")));

    [Fact]
    public void Constructor_OpenApiDocument_TakesEveryRouteButTheEventStream()
    {
        _fuzzer.RouteCount.ShouldBeGreaterThan(20);
        var random = new Random(5);
        var routes = Enumerable.Range(0, 3000).Select(_ => _fuzzer.Next(random, ["fz1"], "other").Route).ToHashSet();

        routes.ShouldContain("/v1/deployments/{name}/exec");
        routes.ShouldNotContain("/v1/events/follow");
    }

    [Fact]
    public void Next_AnyRoute_FillsEveryPathParameter()
    {
        var random = new Random(9);
        var requests = Enumerable.Range(0, 1000).Select(_ => _fuzzer.Next(random, ["fz1"], "other")).ToList();

        requests.ShouldAllBe(r => r.Path.StartsWith("/v1/", StringComparison.Ordinal) && !r.Path.Split('?', StringSplitOptions.None)[0].Contains('{', StringComparison.Ordinal));
        requests.Where(r => r.Method == HttpMethod.Post).ShouldAllBe(r => r.Body != null);
    }
}
