using Nines.Testing;

namespace Nines.Store.Tests.Sqlite;

/// <summary>A fact that mounts a size-limited tmpfs (root); skipped with the reason elsewhere, failing in strict (CI) runs.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresTmpfsFactAttribute : FactAttribute
{
    public RequiresTmpfsFactAttribute()
    {
        if (SmallTmpfs.Missing is { } missing)
        {
            Skip = TestRequirements.SkipReason(missing);
        }
    }
}
