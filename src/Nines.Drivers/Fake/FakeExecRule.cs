namespace Nines.Drivers.Fake;

/// <summary>
/// The scripted result of guest commands whose command line (<see cref="GuestCommand.ToString"/>) matches the
/// regular expression <paramref name="Pattern"/>. <paramref name="Duration"/> is how long the command runs on the fake clock.
/// </summary>
public sealed record FakeExecRule(string Pattern, int ExitCode = 0, string StandardOutput = "", string StandardError = "", TimeSpan Duration = default);
