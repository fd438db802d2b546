namespace Nines.Testing;

/// <summary>
/// Decides whether a test that needs something from the machine (QEMU, Open vSwitch, root …) may be skipped.
/// On a developer's machine a missing piece skips the test with the reason; where the test command installed
/// everything (eng/test.sh as root sets NINES_REQUIRE_ALL_TESTS=1, as CI does) nothing may be skipped, so a
/// broken detection can never silently turn real tests into skipped ones.
/// </summary>
public static class TestRequirements
{
    /// <summary>The environment variable that forbids skipping.</summary>
    public const string StrictVariable = "NINES_REQUIRE_ALL_TESTS";

    public static bool Strict => Environment.GetEnvironmentVariable(StrictVariable) == "1";

    /// <summary>The skip reason to use: <paramref name="missing"/>, or null (run, and fail) when skipping is forbidden.</summary>
    public static string? SkipReason(string? missing) => Strict ? null : missing;
}
