using Nines.Domain;
using Nines.Domain.Diagnostics;

namespace Nines.Drivers.Errors;

/// <summary>A definition the host cannot run; carries every problem found, each naming its field.</summary>
public sealed class InvalidDefinitionException(string vmId, ValueList<Diagnostic> diagnostics)
    : VmDriverException(vmId, Describe(vmId, diagnostics))
{
    public const string ErrorCode = "invalid-definition";

    public override string Code => ErrorCode;

    public ValueList<Diagnostic> Diagnostics { get; } = diagnostics;

    private static string Describe(string vmId, ValueList<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Where(d => d.IsError).ToList();
        var lines = errors.Select(d => d.Field is null ? d.Message : $"{d.Field}: {d.Message}");
        return $"vm \"{vmId}\" cannot run on this host ({errors.Count} error{(errors.Count == 1 ? string.Empty : "s")}): {string.Join("; ", lines)}";
    }
}
