namespace Nines.Drivers.Qemu.GuestAgent;

/// <summary>
/// The agent sent something that is not a JSON object. The channel survives a guest agent restart (it is QEMU's
/// socket, not the agent's), so this fails the command and forces a resync instead of breaking the client.
/// </summary>
public sealed class GuestAgentProtocolException : IOException
{
    public GuestAgentProtocolException(string command, string message, Exception? cause)
        : base($"guest agent command \"{command}\": {message}", cause) => Command = command;

    /// <summary>The command whose reply was unreadable.</summary>
    public string Command { get; }
}
