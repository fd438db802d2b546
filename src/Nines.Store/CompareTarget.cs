namespace Nines.Store;

/// <summary>What a compare looks at (etcd <c>Compare.CompareTarget</c>).</summary>
public enum CompareTarget
{
    /// <summary>The key's version (0 when absent).</summary>
    Version,

    /// <summary>The key's create revision (0 when absent).</summary>
    CreateRevision,

    /// <summary>The key's mod revision (0 when absent).</summary>
    ModRevision,

    /// <summary>The key's value, byte-wise; any compare of the value of an absent key is false.</summary>
    Value,

    /// <summary>The key's lease (0 when absent or unattached).</summary>
    Lease,
}
