using System.Globalization;

namespace Nines.Agent.Hosting;

/// <summary>
/// One agent per data directory: an exclusive lock (<c>flock</c>, through <see cref="FileShare.None"/>) on
/// <c>agent.lock</c> (the holder's pid in <c>agent.lock.pid</c>), held while the agent runs and released by the kernel when its process dies, however it dies.
/// Two agents for one host would both register, both drive the same VMs and fight over the host's lease; the fence
/// guard restarting an agent at the moment someone else does (an operator, a supervisor) is the usual way to get there.
/// </summary>
internal sealed class AgentDataLock : IDisposable
{
    internal const string FileName = "agent.lock";

    private readonly FileStream _file;

    private AgentDataLock(FileStream file) => _file = file;

    /// <summary>
    /// Takes the lock of <paramref name="dataDirectory"/> for host <paramref name="host"/>, writing this process's id in
    /// it; throws <see cref="InvalidOperationException"/> naming the holder when another agent has it.
    /// </summary>
    public static AgentDataLock Acquire(string dataDirectory, string host)
    {
        var path = Path.Combine(dataDirectory, FileName);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"another agent already serves host \"{host}\" from {dataDirectory} ({Holder(path)}); stop it first, or give this one its own --data", e);
        }

        try
        {
            // Beside the lock, not in it: .NET takes a shared flock to open any file for reading, which the holder's
            // exclusive one refuses, so a refused agent could not read who holds it.
            File.WriteAllText(path + ".pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            return new AgentDataLock(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Dispose() => _file.Dispose();

    private static string Holder(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path + ".pid").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? $"pid {pid}" : "pid unknown";
        }
        catch (IOException)
        {
            return "pid unknown";
        }
    }
}
