using System.Net;
using System.Net.Sockets;
using System.Text;
using Nines.Agent.Tests.Support;
using Nines.Contracts.Errors;
using Nines.Controller.RemoteAgents;

namespace Nines.Agent.Tests.Client;

/// <summary>
/// Failures of the link to an agent, against loopback sockets that play them: each surfaces as an exception the
/// reconciler retries (<see cref="ReconcileErrors.IsTransient"/>), never as a cancellation or a bug.
/// </summary>
public sealed class HttpHostAgentLinkTests
{
    [Fact]
    public async Task ListDeployments_NothingListens_ThrowsTransientHttpRequestException()
    {
        var port = FreePort();
        using var client = new HttpHostAgent("host-a", new Uri($"http://127.0.0.1:{port}"), TestPki.Controller);

        var error = await Should.ThrowAsync<HttpRequestException>(() => client.ListDeploymentsAsync(CancellationToken.None));

        ReconcileErrors.IsTransient(error).ShouldBeTrue();
    }

    [Fact]
    public async Task ListDeployments_AgentNeverAnswers_ThrowsTransientTimeoutAfterReadTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptTcpClientAsync();
        using var client = new HttpHostAgent("host-a", new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}"), TestPki.Controller)
        {
            ReadTimeout = TimeSpan.FromMilliseconds(300),
        };

        var error = await Should.ThrowAsync<TimeoutException>(() => client.ListDeploymentsAsync(CancellationToken.None));

        error.Message.ShouldContain("did not answer GET deployments within 0.3 s");
        ReconcileErrors.IsTransient(error).ShouldBeTrue();
        (await accepted).Dispose();
    }

    [Fact]
    public async Task Converge_AgentNeverAnswers_ThrowsTransientTimeoutAfterConvergeTimeoutNotRequestTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptTcpClientAsync();
        using var client = new HttpHostAgent("host-a", new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}"), TestPki.Controller)
        {
            ConvergeTimeout = TimeSpan.FromMilliseconds(300),
            RequestTimeout = TimeSpan.FromHours(1),
        };
        var desired = new Nines.Contracts.Agents.HostDeploymentDesired("acme.web", "name: web\n", [], IncludeHostSection: false, new Dictionary<string, int>(), null);

        var error = await Should.ThrowAsync<TimeoutException>(() => client.ConvergeAsync(desired, CancellationToken.None));

        error.Message.ShouldContain("did not answer POST deployments/acme.web within 0.3 s");
        ReconcileErrors.IsTransient(error).ShouldBeTrue();
        (await accepted).Dispose();
    }

    [Fact]
    public async Task ListDeployments_CallerCancels_ThrowsCancellationNotTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var client = new HttpHostAgent("host-a", new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}"), TestPki.Controller);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Should.ThrowAsync<OperationCanceledException>(() => client.ListDeploymentsAsync(cancel.Token));
    }

    [Theory]
    [InlineData("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: 5\r\nConnection: close\r\n\r\noops!")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5\r\nConnection: close\r\n\r\n[1, {")]
    public async Task ListDeployments_ProxyErrorOrGarbledAnswer_ThrowsTransientHttpRequestException(string answer)
    {
        using var fake = new TcpListener(IPAddress.Loopback, 0);
        fake.Start();
        var serve = AnswerOnceAsync(fake, answer);
        using var client = new HttpHostAgent("host-a", new Uri($"http://127.0.0.1:{((IPEndPoint)fake.LocalEndpoint).Port}"), TestPki.Controller);

        var error = await Should.ThrowAsync<HttpRequestException>(() => client.ListDeploymentsAsync(CancellationToken.None));

        ReconcileErrors.IsTransient(error).ShouldBeTrue();
        await serve;
    }

    private static async Task AnswerOnceAsync(TcpListener listener, string answer)
    {
        using var connection = await listener.AcceptTcpClientAsync();
        var stream = connection.GetStream();
        var buffer = new byte[8192];
        var request = new StringBuilder();
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }

            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(answer));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
