namespace Nines.Cli.Remote;

/// <summary>What the command line says about the controller (before the environment and files are consulted).</summary>
internal sealed record ControllerArguments(string? Controller, string? Token, string? DataDirectory);
