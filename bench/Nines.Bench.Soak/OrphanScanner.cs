using System.Text.RegularExpressions;

namespace Nines.Bench.Soak;

/// <summary>
/// What Nines names and should have removed: guest processes of the soak's tenants and any process naming the
/// system's work directory, the tap and host-side interfaces of deployments (<c>nt…</c>/<c>nh…</c>, see
/// <c>InterfaceNamer</c>) in the system's namespaces, the namespaces themselves once torn down, and cgroups under the Nines parent that name a
/// soak tenant.
/// </summary>
internal static partial class OrphanScanner
{
    /// <summary>After the final undeploy and a graceful stop (VMs would keep running): nothing of a deployment may remain.</summary>
    public static async Task<IReadOnlyList<string>> AfterUndeployAsync(ISoakSystem system, IReadOnlyCollection<string> tenants, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        found.AddRange(VmProcesses.Of(tenants).Select(p => $"process {p.Pid}: guest {p.VmId}"));
        foreach (var ns in system.Namespaces.Where(n => File.Exists(Path.Combine("/run/netns", n))))
        {
            var links = await Shell.RunAsync("ip", ["netns", "exec", ns, "ip", "-o", "-d", "link", "show"], TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
            foreach (var line in links.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var name = LinkName().Match(line) is { Success: true } m ? m.Groups[1].Value : null;
                if (name is null)
                {
                    continue;
                }

                // A host's own bridge (nines0) and the testbed's links serve every deployment; only per-deployment names count.
                if (DeploymentInterface().IsMatch(name))
                {
                    found.Add($"link {name} in namespace {ns}");
                }
            }
        }

        found.AddRange(Cgroups(tenants));
        return found;
    }

    /// <summary>After the product's own teardown (nines down, testbed down): nothing of the system may remain.</summary>
    public static IReadOnlyList<string> AfterTeardown(ISoakSystem system, IReadOnlyCollection<string> tenants)
    {
        var found = new List<string>();
        found.AddRange(Shell.ProcessesMentioning(system.WorkDirectory).Select(p => $"process {p.Pid}: {string.Join(' ', p.Arguments.Take(6))}"));
        found.AddRange(VmProcesses.Of(tenants).Where(v => found.All(f => !f.StartsWith($"process {v.Pid}:", StringComparison.Ordinal))).Select(p => $"process {p.Pid}: guest {p.VmId}"));
        found.AddRange(system.Namespaces.Where(n => File.Exists(Path.Combine("/run/netns", n))).Select(n => $"namespace {n}"));
        found.AddRange(Cgroups(tenants));
        return found;
    }

    private static IEnumerable<string> Cgroups(IReadOnlyCollection<string> tenants)
    {
        if (!Directory.Exists("/sys/fs/cgroup"))
        {
            yield break;
        }

        // cgroup v2 (/sys/fs/cgroup/nines…) and v1 (/sys/fs/cgroup/CONTROLLER/nines…), two levels below the parent.
        var roots = new[] { "/sys/fs/cgroup" }.Concat(Directory.GetDirectories("/sys/fs/cgroup"));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            string[] parents;
            try
            {
                parents = Directory.GetDirectories(root, "nines*");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var parent in parents)
            {
                foreach (var group in SafeDirectories(parent).Concat(SafeDirectories(parent).SelectMany(SafeDirectories)))
                {
                    var name = Path.GetFileName(group);
                    if (tenants.Any(t => name.Contains(t, StringComparison.Ordinal)) && seen.Add(group))
                    {
                        yield return $"cgroup {group}";
                    }
                }
            }
        }
    }

    private static string[] SafeDirectories(string directory)
    {
        try
        {
            return Directory.GetDirectories(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    [GeneratedRegex(@"^\d+:\s+([^:@\s]+)")]
    private static partial Regex LinkName();

    [GeneratedRegex(@"^n[th][a-z2-7]{12}$")]
    private static partial Regex DeploymentInterface();
}
