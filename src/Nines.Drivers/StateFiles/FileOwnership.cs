namespace Nines.Drivers.StateFiles;

/// <summary>A file's owner, group and <c>st_mode</c> (type bits included).</summary>
internal readonly record struct FileOwnership(uint Uid, uint Gid, ushort Mode)
{
    public bool IsDirectory => (Mode & 0xF000) == 0x4000;

    public bool IsRegularFile => (Mode & 0xF000) == 0x8000;

    public bool IsSymbolicLink => (Mode & 0xF000) == 0xA000;

    public bool IsSocket => (Mode & 0xF000) == 0xC000;

    public int Permissions => Mode & 0xFFF;
}
