using System.Runtime.InteropServices;

namespace Nines.Drivers.Container.Processes;

/// <summary>
/// Wakes the driver's monitor the moment a watched process exits, although it is not our child (launchers are
/// detached): one thread polls a pidfd (<c>pidfd_open</c>, Linux 5.3+) per process, which becomes readable when the
/// process ends. Processes registered while a poll is running are included in the next one (at most
/// <see cref="RescanMilliseconds"/> later). Where pidfds are not available nothing is watched and the monitor's
/// periodic scan alone reports exits.
/// </summary>
internal sealed partial class ProcessExitWatcher : IDisposable
{
    /// <summary>How long one poll waits before it looks for newly registered processes.</summary>
    public const int RescanMilliseconds = 20;

    private const short PollIn = 0x001;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, int> _pidfds = [];
    private readonly Action _exited;
    private readonly Thread _thread;
    private volatile bool _stopping;

    /// <summary>A watcher calling <paramref name="exited"/> (on its own thread) whenever a watched process has ended.</summary>
    public ProcessExitWatcher(Action exited)
    {
        _exited = exited;
        _thread = new Thread(Run) { IsBackground = true, Name = "nines container exits" };
        _thread.Start();
    }

    /// <summary>Watches <paramref name="pid"/> until it exits; false when it cannot (gone already, or no pidfd support).</summary>
    public bool Watch(int pid)
    {
        lock (_gate)
        {
            if (_pidfds.ContainsKey(pid))
            {
                return true;
            }

            int fd;
            try
            {
                fd = PidfdOpen(pid, 0);
            }
            catch (EntryPointNotFoundException)
            {
                // A libc older than 2.36: the periodic scan reports exits.
                return false;
            }

            if (fd < 0)
            {
                return false;
            }

            _pidfds[pid] = fd;
            return true;
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
        lock (_gate)
        {
            foreach (var fd in _pidfds.Values)
            {
                _ = Close(fd);
            }

            _pidfds.Clear();
        }
    }

    private void Run()
    {
        while (!_stopping)
        {
            KeyValuePair<int, int>[] watched;
            lock (_gate)
            {
                watched = [.. _pidfds];
            }

            if (watched.Length == 0)
            {
                Thread.Sleep(RescanMilliseconds);
                continue;
            }

            var fds = watched.Select(w => new PollFd { Fd = w.Value, Events = PollIn }).ToArray();
            if (Poll(fds, (nuint)fds.Length, RescanMilliseconds) <= 0)
            {
                continue;
            }

            var ended = false;
            lock (_gate)
            {
                for (var i = 0; i < fds.Length; i++)
                {
                    if (fds[i].ReturnedEvents != 0 && _pidfds.Remove(watched[i].Key))
                    {
                        _ = Close(fds[i].Fd);
                        ended = true;
                    }
                }
            }

            if (ended)
            {
                _exited();
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport("libc", EntryPoint = "pidfd_open", SetLastError = true)]
    private static partial int PidfdOpen(int pid, uint flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll([In, Out] PollFd[] fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
