namespace Nines.Store;

/// <summary>The outcome of a delete.</summary>
/// <param name="Deleted">How many keys were deleted.</param>
/// <param name="Revision">The store revision after the delete (unchanged when nothing was deleted).</param>
public sealed record DeleteResult(long Deleted, long Revision);
