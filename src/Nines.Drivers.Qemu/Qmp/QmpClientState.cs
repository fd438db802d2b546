namespace Nines.Drivers.Qemu.Qmp;

/// <summary>Where a <see cref="QmpClient"/> is in its life; it only ever moves forward.</summary>
internal enum QmpClientState
{
    /// <summary>Connected, waiting for the greeting or the capabilities negotiation.</summary>
    Negotiating,

    /// <summary>Negotiated: commands may be sent.</summary>
    Ready,

    /// <summary>The connection failed (EOF, I/O error, protocol violation); every command fails with the first reason.</summary>
    Broken,

    /// <summary>Disposed by its owner.</summary>
    Closed,
}
