namespace Nines.ControlPlane.Tests.Availability;

internal static class CgroupCleanup
{
    /// <summary>Removes the test's empty cgroup parent from every controller.</summary>
    public static void RemoveParent(string cgroupParent)
    {
        foreach (var controller in Directory.EnumerateDirectories("/sys/fs/cgroup"))
        {
            var parent = Path.Combine(controller, cgroupParent);
            if (Directory.Exists(parent) && !Directory.EnumerateDirectories(parent).Any())
            {
                Directory.Delete(parent);
            }
        }
    }
}
