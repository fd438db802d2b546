namespace Nines.Scheduling;

/// <summary>
/// A partitioning algorithm: given a placement request, decide which host runs each VM. Pure: no I/O,
/// no clock, no randomness that is not seeded from the request.
/// </summary>
public interface IPartitioner
{
    /// <summary>The name users select it by (<c>--algorithm</c>, EDIV <c>default_segmentation</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Places the VMs of <paramref name="request"/>. Rules already applied by the caller arrive as fixed
    /// assignments in <see cref="PlacementRequest.StaticAssignment"/>; VMs that cannot be placed are
    /// returned unplaced with the reason, never silently dropped.
    /// </summary>
    Allocation Partition(PlacementRequest request);
}
