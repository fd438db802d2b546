namespace Nines.Store;

/// <summary>How the key's target compares with the operand (etcd <c>Compare.CompareResult</c>).</summary>
public enum CompareResult
{
    /// <summary>Target equals the operand.</summary>
    Equal,

    /// <summary>Target differs from the operand.</summary>
    NotEqual,

    /// <summary>Target is greater than the operand.</summary>
    Greater,

    /// <summary>Target is less than the operand.</summary>
    Less,
}
