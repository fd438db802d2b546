using System.Globalization;

namespace Nines.Drivers.Container.Sandbox;

/// <summary>
/// Gives each instance its own range of <see cref="SandboxPolicy.IdRangeSize"/> host uids and gids (the same numbers for
/// both): root inside is <c>Base + slot × 65536</c> on the host, an id no host user has and no other instance shares, so
/// instances cannot touch each other's files or processes even through a shared file system. The slots are claimed in
/// a host-wide registry directory (one file per slot, created exclusively, naming the run directory that holds it), so
/// drivers with different state directories on one machine never hand out the same range. A slot is kept for the life
/// of the instance (its overlay's files are owned by its ids) and freed by <see cref="Release"/> at remove; one whose
/// run directory no longer exists is stale and taken again.
/// </summary>
internal sealed class IdRangeAllocator(string registry, long idBase, int slots)
{
    private static readonly Lock _gate = new();

    /// <summary>The host id of root inside for <paramref name="slot"/>.</summary>
    public long HostIdOf(int slot) => idBase + ((long)slot * SandboxPolicy.IdRangeSize);

    /// <summary>The instance's slot: the one recorded in <paramref name="slotFile"/> (still claimed by it), else a new one.</summary>
    public int Claim(string runDirectory, string slotFile)
    {
        lock (_gate)
        {
            Directory.CreateDirectory(registry);
            using var registryLock = LockRegistry();
            if (ReadSlot(slotFile) is { } recorded && OwnerOf(recorded) == runDirectory)
            {
                return recorded;
            }

            for (var slot = 0; slot < slots; slot++)
            {
                var path = SlotPath(slot);
                if (File.Exists(path) && OwnerOf(slot) is { } owner && Directory.Exists(owner))
                {
                    continue;
                }

                File.Delete(path);
                try
                {
                    using (var claim = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                    using (var writer = new StreamWriter(claim))
                    {
                        writer.Write(runDirectory);
                    }

                    File.WriteAllText(slotFile, slot.ToString(CultureInfo.InvariantCulture));
                    return slot;
                }
                catch (IOException) when (File.Exists(path))
                {
                    // Another driver claimed it meanwhile.
                }
            }

            throw new IOException($"all {slots} id ranges in {registry} are in use");
        }
    }

    /// <summary>Frees the slot <paramref name="slotFile"/> records, if this run directory still holds it.</summary>
    public void Release(string runDirectory, string slotFile)
    {
        lock (_gate)
        {
            if (!Directory.Exists(registry))
            {
                return;
            }

            using var registryLock = LockRegistry();
            if (ReadSlot(slotFile) is { } slot && OwnerOf(slot) == runDirectory)
            {
                File.Delete(SlotPath(slot));
            }
        }
    }

    /// <summary>Serialises claims across processes: .NET takes an exclusive <c>flock</c> for <see cref="FileShare.None"/>.</summary>
    private FileStream LockRegistry()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(Path.Combine(registry, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 1000)
            {
                Thread.Sleep(10);
            }
        }
    }

    private string SlotPath(int slot) => Path.Combine(registry, slot.ToString(CultureInfo.InvariantCulture));

    private string? OwnerOf(int slot)
    {
        try
        {
            return File.ReadAllText(SlotPath(slot)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int? ReadSlot(string slotFile)
    {
        try
        {
            return int.TryParse(File.ReadAllText(slotFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var slot) ? slot : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
