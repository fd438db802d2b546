using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nines.Drivers.Qemu.Qmp;

// Typed helpers for the commands the QEMU driver needs. Each is a thin wrapper over ExecuteAsync, so each has
// the same timeout, cancellation and broken-connection behaviour.
internal sealed partial class QmpClient
{
    /// <summary><c>query-status</c>: the run state.</summary>
    public async Task<QmpStatus> QueryStatusAsync(CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync("query-status", null, null, cancellationToken).ConfigureAwait(false);
        return new QmpStatus(result.GetProperty("running").GetBoolean(), result.GetProperty("status").GetString() ?? "");
    }

    /// <summary><c>query-version</c>.</summary>
    public async Task<QemuVersion> QueryVersionAsync(CancellationToken cancellationToken) =>
        QemuVersion.Parse(await ExecuteAsync("query-version", null, null, cancellationToken).ConfigureAwait(false));

    /// <summary><c>cont</c>: resumes the vCPUs (a RESUME event follows).</summary>
    public Task ContinueAsync(CancellationToken cancellationToken) => ExecuteAsync("cont", null, null, cancellationToken);

    /// <summary><c>stop</c>: pauses the vCPUs (a STOP event follows).</summary>
    public Task StopAsync(CancellationToken cancellationToken) => ExecuteAsync("stop", null, null, cancellationToken);

    /// <summary><c>system_powerdown</c>: presses the ACPI power button; the guest decides what to do.</summary>
    public Task SystemPowerdownAsync(CancellationToken cancellationToken) => ExecuteAsync("system_powerdown", null, null, cancellationToken);

    /// <summary><c>system_reset</c>: a hard reset (a RESET event follows).</summary>
    public Task SystemResetAsync(CancellationToken cancellationToken) => ExecuteAsync("system_reset", null, null, cancellationToken);

    /// <summary>
    /// <c>quit</c>: QEMU exits at once. A connection that closes before the reply arrives counts as success,
    /// since closing is what was asked for.
    /// </summary>
    public async Task QuitAsync(CancellationToken cancellationToken)
    {
        var wasUsable = BrokenReason is null;
        try
        {
            await ExecuteAsync("quit", null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (QmpConnectionBrokenException) when (wasUsable && State == QmpClientState.Broken)
        {
            // QEMU went away while answering: the quit happened.
        }
    }

    /// <summary><c>query-cpus-fast</c>: the vCPUs with their host thread ids.</summary>
    public async Task<IReadOnlyList<QmpCpu>> QueryCpusFastAsync(CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync("query-cpus-fast", null, null, cancellationToken).ConfigureAwait(false);
        return [.. result.EnumerateArray().Select(cpu => new QmpCpu(
            cpu.GetProperty("cpu-index").GetInt32(),
            cpu.GetProperty("thread-id").GetInt64(),
            OptionalString(cpu, "qom-path") ?? ""))];
    }

    /// <summary><c>query-balloon</c>: the guest's current memory size.</summary>
    /// <exception cref="QmpCommandException">No balloon device (error class <c>DeviceNotActive</c>).</exception>
    public async Task<QmpBalloon> QueryBalloonAsync(CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync("query-balloon", null, null, cancellationToken).ConfigureAwait(false);
        return new QmpBalloon(result.GetProperty("actual").GetInt64());
    }

    /// <summary><c>balloon</c>: asks the guest to give memory back down to (or take up to) <paramref name="targetBytes"/>.</summary>
    public Task SetBalloonAsync(long targetBytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetBytes);
        return ExecuteAsync("balloon", new JsonObject { ["value"] = targetBytes }, null, cancellationToken);
    }

    /// <summary><c>query-blockstats</c>: I/O counters per block device.</summary>
    public async Task<IReadOnlyList<QmpBlockStats>> QueryBlockStatsAsync(CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync("query-blockstats", null, null, cancellationToken).ConfigureAwait(false);
        return [.. result.EnumerateArray().Select(device =>
        {
            var stats = device.GetProperty("stats");
            return new QmpBlockStats(
                OptionalString(device, "device") ?? "",
                OptionalString(device, "node-name"),
                OptionalString(device, "qdev"),
                OptionalInt64(stats, "rd_bytes") ?? 0,
                OptionalInt64(stats, "wr_bytes") ?? 0,
                OptionalInt64(stats, "rd_operations") ?? 0,
                OptionalInt64(stats, "wr_operations") ?? 0,
                OptionalInt64(stats, "flush_operations") ?? 0);
        })];
    }

    /// <summary><c>migrate</c>: starts migrating to <paramref name="uri"/> (<c>tcp:…</c>, <c>unix:…</c>, <c>exec:…</c>, <c>file:…</c>); poll with <see cref="QueryMigrateAsync"/>.</summary>
    public Task MigrateAsync(string uri, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        return ExecuteAsync("migrate", new JsonObject { ["uri"] = uri }, null, cancellationToken);
    }

    /// <summary>
    /// <c>getfd</c>: hands QEMU its own copy of the open <paramref name="file"/> under <paramref name="name"/>, for URIs such as
    /// <c>fd:NAME</c>. The caller keeps (and closes) its handle.
    /// </summary>
    public Task SendFileDescriptorAsync(string name, System.Runtime.InteropServices.SafeHandle file, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(file);
        return ExecuteAsync("getfd", new JsonObject { ["fdname"] = name }, null, file, cancellationToken);
    }

    /// <summary><c>query-migrate</c>: progress of the current or last migration.</summary>
    public async Task<QmpMigrationStatus> QueryMigrateAsync(CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync("query-migrate", null, null, cancellationToken).ConfigureAwait(false);
        var hasRam = result.TryGetProperty("ram", out var ram);
        return new QmpMigrationStatus(
            OptionalString(result, "status") ?? "none",
            hasRam ? OptionalInt64(ram, "transferred") : null,
            hasRam ? OptionalInt64(ram, "remaining") : null,
            hasRam ? OptionalInt64(ram, "total") : null,
            OptionalString(result, "error-desc"),
            OptionalInt64(result, "total-time"),
            OptionalInt64(result, "downtime"),
            OptionalInt64(result, "expected-downtime"),
            hasRam ? OptionalInt64(ram, "dirty-pages-rate") : null,
            hasRam ? OptionalInt64(ram, "page-size") : null,
            hasRam && ram.TryGetProperty("mbps", out var mbps) && mbps.ValueKind == JsonValueKind.Number ? mbps.GetDouble() : null,
            hasRam ? OptionalInt64(ram, "dirty-sync-count") : null,
            OptionalInt64(result, "cpu-throttle-percentage"),
            SocketAddresses(result));
    }

    /// <summary><c>migrate-incoming</c>: a VM started with <c>-incoming defer</c> starts listening on (or reading from) <paramref name="uri"/>.</summary>
    public Task MigrateIncomingAsync(string uri, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        return ExecuteAsync("migrate-incoming", new JsonObject { ["uri"] = uri }, null, cancellationToken);
    }

    /// <summary><c>migrate-set-capabilities</c>: turns the named capabilities (<c>auto-converge</c>, <c>events</c>…) on or off.</summary>
    public Task MigrateSetCapabilitiesAsync(IReadOnlyDictionary<string, bool> capabilities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        var list = new JsonArray();
        foreach (var (name, state) in capabilities)
        {
            list.Add(new JsonObject { ["capability"] = name, ["state"] = state });
        }

        return ExecuteAsync("migrate-set-capabilities", new JsonObject { ["capabilities"] = list }, null, cancellationToken);
    }

    /// <summary>The destination's listening addresses (<c>socket-address</c>) as <c>tcp:HOST:PORT</c>.</summary>
    private static List<string>? SocketAddresses(JsonElement result)
    {
        if (!result.TryGetProperty("socket-address", out var addresses) || addresses.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return [.. addresses.EnumerateArray()
            .Where(a => OptionalString(a, "type") is "inet" or "tcp")
            .Select(a => $"tcp:{OptionalString(a, "host")}:{OptionalString(a, "port")}")];
    }

    /// <summary><c>migrate_cancel</c>.</summary>
    public Task MigrateCancelAsync(CancellationToken cancellationToken) => ExecuteAsync("migrate_cancel", null, null, cancellationToken);

    /// <summary><c>migrate-set-parameters</c>: only the members that are set are sent.</summary>
    public Task MigrateSetParametersAsync(QmpMigrationParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var arguments = new JsonObject();
        if (parameters.MaxBandwidthBytesPerSecond is { } bandwidth)
        {
            arguments["max-bandwidth"] = bandwidth;
        }

        if (parameters.DowntimeLimitMilliseconds is { } downtime)
        {
            arguments["downtime-limit"] = downtime;
        }

        if (parameters.CpuThrottleInitialPercent is { } initial)
        {
            arguments["cpu-throttle-initial"] = initial;
        }

        if (parameters.CpuThrottleIncrementPercent is { } increment)
        {
            arguments["cpu-throttle-increment"] = increment;
        }

        return ExecuteAsync("migrate-set-parameters", arguments, null, cancellationToken);
    }

    /// <summary><c>query-kvm</c>: whether this QEMU runs the guest with KVM.</summary>
    public async Task<QmpKvmStatus> QueryKvmAsync(CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync("query-kvm", null, null, cancellationToken).ConfigureAwait(false);
        return new QmpKvmStatus(result.GetProperty("enabled").GetBoolean(), result.GetProperty("present").GetBoolean());
    }

    /// <summary><c>human-monitor-command</c>: runs an HMP command line and returns its text output.</summary>
    public async Task<string> HumanMonitorCommandAsync(string commandLine, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(commandLine);
        var result = await ExecuteAsync("human-monitor-command", new JsonObject { ["command-line"] = commandLine }, null, cancellationToken).ConfigureAwait(false);
        return result.GetString() ?? "";
    }

    /// <summary><c>device_add</c>: hot-plugs a device of <paramref name="driver"/> with the given id and properties.</summary>
    public Task DeviceAddAsync(string driver, string id, IReadOnlyDictionary<string, string>? properties, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(driver);
        ArgumentException.ThrowIfNullOrEmpty(id);
        var arguments = new JsonObject { ["driver"] = driver, ["id"] = id };
        foreach (var (key, value) in properties ?? new Dictionary<string, string>())
        {
            arguments[key] = value;
        }

        return ExecuteAsync("device_add", arguments, null, cancellationToken);
    }

    /// <summary><c>device_del</c>: asks for the device to be unplugged; DEVICE_DELETED reports when the guest let go of it.</summary>
    public Task DeviceDelAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return ExecuteAsync("device_del", new JsonObject { ["id"] = id }, null, cancellationToken);
    }

    /// <summary><c>netdev_add</c>: adds a host network backend (e.g. type <c>tap</c> with <c>ifname</c>, <c>script=no</c>).</summary>
    public Task NetdevAddAsync(string type, string id, IReadOnlyDictionary<string, string>? properties, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentException.ThrowIfNullOrEmpty(id);
        var arguments = new JsonObject { ["type"] = type, ["id"] = id };
        foreach (var (key, value) in properties ?? new Dictionary<string, string>())
        {
            arguments[key] = value;
        }

        return ExecuteAsync("netdev_add", arguments, null, cancellationToken);
    }

    /// <summary><c>netdev_del</c>.</summary>
    public Task NetdevDelAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return ExecuteAsync("netdev_del", new JsonObject { ["id"] = id }, null, cancellationToken);
    }

    private static string? OptionalString(JsonElement element, string member) =>
        element.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? OptionalInt64(JsonElement element, string member) =>
        element.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;
}
