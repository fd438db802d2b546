namespace Nines.Cli.Hosting;

/// <summary>
/// <c>DATA/controller.json</c>: where the controller <c>nines up</c> started answers, and its process, so clients find
/// it without configuration and scripts (and tests) can stop it.
/// </summary>
/// <param name="Url">The API's base address (<c>http://127.0.0.1:7409/</c>).</param>
/// <param name="Pid">The controller's process id.</param>
/// <param name="Driver">The VM driver it runs (<c>qemu</c> or <c>fake</c>).</param>
/// <param name="NetworkNamespace">The namespace the scenarios' host side lives in, or null for the root namespace.</param>
/// <param name="Store">The cluster store (<c>etcd://…</c>) of a cluster's controller; null for the embedded one.</param>
/// <param name="OwnsNamespace">
/// True when <c>nines up</c> created <paramref name="NetworkNamespace"/> (this run or an earlier one on the same data
/// directory that no <c>nines down</c> ended), so <c>nines down</c> deletes it; a namespace the user made stays.
/// </param>
internal sealed record ControllerInfo(string Url, int Pid, string Driver, string? NetworkNamespace, string? Store = null, bool OwnsNamespace = false)
{
    /// <summary>
    /// <c>--host-side</c>: <c>namespace</c> (each deployment's host side in a namespace of its own, named by
    /// <c>HostSideNamespace.Name(deployment id, NetworkNamespace)</c>) or <c>shared</c> (in <see cref="NetworkNamespace"/>);
    /// null in records written before issue 18 (shared then).
    /// </summary>
    public string? HostSide { get; init; }

    public const string FileName = "controller.json";

    /// <summary>
    /// The record of the last controller started on the data directory, kept after it stops, so that a later
    /// <c>nines down</c> tears down what that run made (its namespace, its driver) rather than guessing.
    /// </summary>
    public const string LastRunFileName = "last-run.json";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    public static string LastRunPathIn(string dataDirectory) => Path.Combine(dataDirectory, LastRunFileName);

    public static ControllerInfo? TryReadLastRun(string dataDirectory) => JsonRecordFile.TryRead<ControllerInfo>(LastRunPathIn(dataDirectory));

    /// <summary>Forgets the last run (everything it made is torn down).</summary>
    public static void DeleteLastRun(string dataDirectory) => File.Delete(LastRunPathIn(dataDirectory));

    /// <summary>
    /// Whether namespace <paramref name="name"/> is Nines' to delete: created by this start, or by an earlier run on
    /// this data directory whose record says so (a controller killed and started again finds it already there).
    /// </summary>
    public static bool NamespaceOwned(string dataDirectory, string? name, bool createdNow) =>
        name is not null && (createdNow || (TryReadLastRun(dataDirectory) is { OwnsNamespace: true } last && last.NetworkNamespace == name));

    public static ControllerInfo? TryRead(string dataDirectory) => JsonRecordFile.TryRead<ControllerInfo>(PathIn(dataDirectory));

    /// <summary>Writes the record and the last-run record beside it.</summary>
    public void Write(string dataDirectory)
    {
        JsonRecordFile.Write(LastRunPathIn(dataDirectory), this);
        JsonRecordFile.Write(PathIn(dataDirectory), this);
    }

    /// <summary>Removes the record if it is still this process's (a newer controller may have replaced it).</summary>
    public static void DeleteIfOwnedBy(string dataDirectory, int pid)
    {
        if (TryRead(dataDirectory) is { } info && info.Pid == pid)
        {
            File.Delete(PathIn(dataDirectory));
        }
    }
}
