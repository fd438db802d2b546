using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nines.Drivers.Qemu.GuestAgent;

internal sealed partial class GuestAgentClient
{
    /// <summary><c>guest-ping</c>: the heartbeat; succeeds when the agent answers within <paramref name="timeout"/>.</summary>
    public Task PingAsync(TimeSpan? timeout, CancellationToken cancellationToken) =>
        ExecuteAsync("guest-ping", null, timeout, cancellationToken);

    /// <summary><c>guest-info</c>: the agent's version and commands.</summary>
    public async Task<GuestAgentInfo> GetInfoAsync(CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync("guest-info", null, null, cancellationToken).ConfigureAwait(false);
        var commands = result.TryGetProperty("supported_commands", out var list)
            ? list.EnumerateArray().Select(c => new GuestAgentCommandInfo(
                c.GetProperty("name").GetString() ?? "",
                !c.TryGetProperty("enabled", out var enabled) || enabled.ValueKind != JsonValueKind.False,
                !c.TryGetProperty("success-response", out var success) || success.ValueKind != JsonValueKind.False)).ToArray()
            : [];
        return new GuestAgentInfo(result.GetProperty("version").GetString() ?? "", commands);
    }

    /// <summary><c>guest-network-get-interfaces</c>: the guest's interfaces, addresses and counters.</summary>
    public async Task<IReadOnlyList<GuestNetworkInterface>> GetNetworkInterfacesAsync(CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync("guest-network-get-interfaces", null, null, cancellationToken).ConfigureAwait(false);
        return [.. result.EnumerateArray().Select(ParseInterface)];
    }

    /// <summary>
    /// <c>guest-shutdown</c>. The agent gives no reply on success (the guest goes down), so after sending it waits
    /// at most <paramref name="replyWait"/> for an error and reports what it saw; the caller confirms the
    /// shutdown through QMP (SHUTDOWN event or QEMU exiting).
    /// </summary>
    /// <exception cref="GuestAgentCommandException">The agent refused (e.g. the command is disabled).</exception>
    public async Task<GuestShutdownOutcome> ShutdownAsync(GuestShutdownMode mode, TimeSpan replyWait, CancellationToken cancellationToken)
    {
        const string Command = "guest-shutdown";
        var usableBefore = BrokenReason is null;
        try
        {
            await ExecuteAsync(Command, new JsonObject { ["mode"] = mode.ToString().ToLowerInvariant() }, replyWait, cancellationToken).ConfigureAwait(false);
            return GuestShutdownOutcome.Acknowledged;
        }
        catch (GuestAgentTimeoutException e) when (e.Command == Command)
        {
            return GuestShutdownOutcome.NoReply;
        }
        catch (GuestAgentConnectionBrokenException) when (usableBefore && !IsClosed)
        {
            return GuestShutdownOutcome.ConnectionClosed;
        }
    }

    /// <summary><c>guest-get-time</c>: the guest's clock.</summary>
    public async Task<DateTimeOffset> GetTimeAsync(CancellationToken cancellationToken)
    {
        var nanoseconds = (await ExecuteAsync("guest-get-time", null, null, cancellationToken).ConfigureAwait(false)).GetInt64();
        return DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100);
    }

    /// <summary><c>guest-set-time</c>: sets the guest's clock to <paramref name="time"/>.</summary>
    public Task SetTimeAsync(DateTimeOffset time, CancellationToken cancellationToken) =>
        ExecuteAsync("guest-set-time", new JsonObject { ["time"] = (time - DateTimeOffset.UnixEpoch).Ticks * 100 }, null, cancellationToken);

    private static GuestNetworkInterface ParseInterface(JsonElement nic)
    {
        var addresses = nic.TryGetProperty("ip-addresses", out var list)
            ? list.EnumerateArray().Select(a => new GuestIpAddress(
                a.GetProperty("ip-address-type").GetString() ?? "",
                a.GetProperty("ip-address").GetString() ?? "",
                a.GetProperty("prefix").GetInt32())).ToArray()
            : [];
        GuestInterfaceStatistics? statistics = null;
        if (nic.TryGetProperty("statistics", out var s) && s.ValueKind == JsonValueKind.Object)
        {
            statistics = new GuestInterfaceStatistics(
                Counter(s, "rx-bytes"), Counter(s, "rx-packets"), Counter(s, "rx-errs"), Counter(s, "rx-dropped"),
                Counter(s, "tx-bytes"), Counter(s, "tx-packets"), Counter(s, "tx-errs"), Counter(s, "tx-dropped"));
        }

        return new GuestNetworkInterface(
            nic.GetProperty("name").GetString() ?? "",
            nic.TryGetProperty("hardware-address", out var mac) ? mac.GetString() : null,
            addresses,
            statistics);
    }

    private static long Counter(JsonElement statistics, string member) =>
        statistics.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : 0;
}
