namespace Nines.Availability.Model;

/// <summary>Whether a unit's process (VM or OS-level instance) exists, as the manager knows it.</summary>
public enum UnitPresence
{
    /// <summary>Asked for, not yet ready.</summary>
    Instantiating,

    /// <summary>Running and ready: it may take assignments while enabled.</summary>
    Instantiated,

    /// <summary>Being restarted or reset in place; it comes back through a ready observation.</summary>
    Restarting,

    /// <summary>Given up (failed over or its host failed): it never takes work again.</summary>
    Terminated,
}
