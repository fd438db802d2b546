namespace Nines.Scenarios;

/// <summary>The kinds of input file Nines reads.</summary>
public enum InputKind
{
    /// <summary>A VNUML 1.8/1.91 scenario (root <c>&lt;vnuml&gt;</c>); any other XML root not listed below is read as VNUML so the reader can say what it is.</summary>
    VnumlScenario,

    /// <summary>A native YAML scenario.</summary>
    NativeScenario,

    /// <summary>An OVF descriptor (root <c>Envelope</c>).</summary>
    OvfAppliance,

    /// <summary>EDIV's <c>cluster.conf</c> (INI).</summary>
    EdivCluster,

    /// <summary>A native YAML cluster description.</summary>
    NativeCluster,

    /// <summary>EDIV's <c>&lt;deployment_restrictions&gt;</c>.</summary>
    EdivRestrictions,
}
