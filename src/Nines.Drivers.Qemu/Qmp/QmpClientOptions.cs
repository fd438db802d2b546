namespace Nines.Drivers.Qemu.Qmp;

/// <summary>Timeouts and limits of a <see cref="QmpClient"/>.</summary>
internal sealed record QmpClientOptions
{
    /// <summary>The defaults: 10 s to connect and negotiate, 30 s per command.</summary>
    public static QmpClientOptions Default { get; } = new();

    /// <summary>Time to connect, receive the greeting and negotiate capabilities.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of a command when the caller does not give one.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest message accepted from QEMU before the connection is considered broken.</summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>The clock for timeouts and for events that carry no timestamp.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
