namespace Nines.Availability.Model;

/// <summary>What runs a service unit.</summary>
public enum UnitKind
{
    /// <summary>A QEMU virtual machine.</summary>
    Vm,

    /// <summary>An OS-level instance (namespaces + cgroups).</summary>
    Instance,
}
