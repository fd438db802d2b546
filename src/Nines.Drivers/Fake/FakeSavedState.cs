namespace Nines.Drivers.Fake;

/// <summary>A suspended guest: what it was doing, so a restore continues exactly there.</summary>
internal sealed record FakeSavedState(
    string VmId,
    IReadOnlyList<(FakeVm.ScriptKind Kind, TimeSpan Remaining)> Scripts,
    bool GuestReady,
    bool Hung,
    IReadOnlyDictionary<string, byte[]> GuestFiles);
