using System.CommandLine;
using Nines.Networking.Planning;

namespace Nines.Cli.Commands;

/// <summary>
/// <c>--host-side namespace|shared</c> of <c>nines up</c> and <c>nines agent</c>: where a deployment's host side lives. The
/// default gives each deployment a network namespace of its own; <c>shared</c> is the admin's opt-out (issue 18).
/// </summary>
internal static class HostSideArgument
{
    public const string Namespace = "namespace";
    public const string Shared = "shared";

    public static Option<string?> Create() => new("--host-side")
    {
        Description = $"Where each deployment's host side (host interfaces, host routes, forwarding) lives: {Namespace} (default: a network namespace of its own) or {Shared} (the namespace the switch runs in, shared by every deployment; admin opt-out)",
    };

    /// <summary>The mode <paramref name="value"/> names (null: the default), or null with <paramref name="error"/> set.</summary>
    public static HostSideMode? Parse(string? value, out string? error)
    {
        error = null;
        switch (value)
        {
            case null or Namespace:
                return HostSideMode.Namespace;
            case Shared:
                return HostSideMode.Shared;
            default:
                error = $"--host-side \"{value}\" is not a host side (expected {Namespace} or {Shared})";
                return null;
        }
    }

    /// <summary>The option's value that gives <paramref name="mode"/> (for a detached child's command line).</summary>
    public static string Format(HostSideMode mode) => mode == HostSideMode.Shared ? Shared : Namespace;
}
