using Nines.Processes;

namespace Nines.Images.Processes;

/// <summary>
/// Runs the few external tools the builder relies on (apt-get, apt-cache, dpkg-deb, xz) through the process layer:
/// a tool that is not installed is the builder's own error.
/// </summary>
internal static class ImageTools
{
    /// <summary>Runs <paramref name="request"/>; a non-zero exit is a result.</summary>
    /// <exception cref="GuestImageException">The tool cannot be started (not installed).</exception>
    public static async Task<ProcessResult> RunAsync(IProcessRunner processes, ProcessRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await processes.RunAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessStartException e)
        {
            throw new GuestImageException(e.Message, e);
        }
    }
}
