using System.Security.Cryptography;
using Nines.Images.Processes;
using Nines.Processes;

namespace Nines.Images.Packages;

/// <summary>
/// Fetches packages with the host's apt: <c>apt-get download</c> (no root needed; it writes to the
/// current directory) and <c>dpkg-deb -x</c>, run through <paramref name="processes"/>. Nothing is installed on the host.
/// </summary>
internal sealed class AptPackageSource(IProcessRunner processes) : IPackageSource
{
    public async Task<IReadOnlyList<string>> GetDependenciesAsync(string package, CancellationToken cancellationToken)
    {
        var result = await ImageTools.RunAsync(
            processes,
            ProcessRequest.Of("apt-cache", "depends", "--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", package),
            cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new GuestImageException($"apt-cache depends {package} failed: {result.StandardError.Trim()}");
        }

        return AptDependsParser.Parse(result.StandardOutput);
    }

    public async Task<IReadOnlyList<DebianPackage>> FetchAsync(
        IReadOnlyList<string> packages, string workDirectory, CancellationToken cancellationToken)
    {
        if (packages.Count == 0)
        {
            return [];
        }

        var debs = Directory.CreateDirectory(Path.Combine(workDirectory, "debs")).FullName;
        var download = await ImageTools.RunAsync(processes, new ProcessRequest("apt-get", ["download", .. packages]) { WorkingDirectory = debs }, cancellationToken)
            .ConfigureAwait(false);
        if (!download.Succeeded)
        {
            throw new GuestImageException(
                $"apt-get download {string.Join(' ', packages)} failed (exit {download.ExitCode}): {download.StandardError.Trim()}");
        }

        var fetched = new List<DebianPackage>();
        foreach (var name in packages)
        {
            var deb = Directory.EnumerateFiles(debs, name + "_*.deb").OrderBy(f => f, StringComparer.Ordinal).FirstOrDefault()
                ?? throw new GuestImageException($"apt-get download {name} reported success but left no {name}_*.deb");
            var root = Path.Combine(workDirectory, "pkg", name);
            Directory.CreateDirectory(root);
            await RunDpkgDebAsync(["-x", deb, root], cancellationToken).ConfigureAwait(false);
            var version = (await RunDpkgDebAsync(["-f", deb, "Version"], cancellationToken).ConfigureAwait(false)).Trim();
            fetched.Add(new DebianPackage(name, version, await HashAsync(deb, cancellationToken).ConfigureAwait(false), root));
        }

        return fetched;
    }

    private async Task<string> RunDpkgDebAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await ImageTools.RunAsync(processes, new ProcessRequest("dpkg-deb", arguments), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new GuestImageException($"dpkg-deb {string.Join(' ', arguments)} failed: {result.StandardError.Trim()}");
        }

        return result.StandardOutput;
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        }
    }
}
