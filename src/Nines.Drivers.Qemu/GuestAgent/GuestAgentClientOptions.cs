namespace Nines.Drivers.Qemu.GuestAgent;

/// <summary>Timeouts and sizes of a <see cref="GuestAgentClient"/>.</summary>
internal sealed record GuestAgentClientOptions
{
    /// <summary>The defaults.</summary>
    public static GuestAgentClientOptions Default { get; } = new();

    /// <summary>Time to connect to QEMU's chardev socket.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of a command when the caller does not give one.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time for the agent to answer <c>guest-sync-delimited</c>; short, since a booting guest answers nothing.</summary>
    public TimeSpan SyncTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Bytes per <c>guest-file-write</c>/<c>guest-file-read</c>; base64 makes each message a third larger.</summary>
    public int FileChunkBytes { get; init; } = 48 * 1024;

    /// <summary>First pause between <c>guest-exec-status</c> polls; it doubles up to <see cref="ExecPollMaxInterval"/>.</summary>
    public TimeSpan ExecPollInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Longest pause between <c>guest-exec-status</c> polls.</summary>
    public TimeSpan ExecPollMaxInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Largest message accepted from the agent.</summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>The clock for timeouts and poll pauses.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
