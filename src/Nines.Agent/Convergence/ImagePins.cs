using System.Collections.Concurrent;
using System.Security.Cryptography;
using Nines.Domain.Scenarios;
using Nines.Drivers;

namespace Nines.Agent.Convergence;

/// <summary>
/// Checks a VM's pinned disk image (<see cref="BootSource.DiskImageDigest"/>) against the file on this host before the
/// VM is defined: a host whose copy of <c>csr.qcow2</c> is another version than the scenario pinned refuses the VM
/// instead of booting it. A file's digest is computed once per (path, size, modification time), so only a changed file
/// is read again.
/// </summary>
internal sealed class ImagePins
{
    private readonly ConcurrentDictionary<(string Path, long Length, DateTime Written), string> _digests = new();

    /// <summary>Why the VM's image is not the pinned one, or null when it is (or is not pinned, or is missing: the driver reports that).</summary>
    public async Task<string?> MismatchAsync(VmDefinition definition, CancellationToken cancellationToken)
    {
        if (definition.Boot is not { DiskImagePath: { } path, DiskImageDigest: { } pinned })
        {
            return null;
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return null;
        }

        var key = (file.FullName, file.Length, file.LastWriteTimeUtc);
        if (!_digests.TryGetValue(key, out var actual))
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                actual = $"{ImageReference.Algorithm}:{Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false))}";
            }

            _digests[key] = actual;
        }

        return string.Equals(actual, pinned, StringComparison.Ordinal)
            ? null
            : $"image \"{path}\" on this host is {actual}, not the pinned {pinned}: the host has another version of the image";
    }
}
