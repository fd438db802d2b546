namespace Nines.Embedded.Tests.EndToEnd;

/// <summary>
/// The test assembly's entry point. The test host never calls it; <see cref="KillRestartEndToEndTests"/> starts this
/// assembly as the embedded host process it kills mid-deploy.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args) => args switch
    {
        [EmbeddedDeployChild.Command, var data, var ns, var scenario] => await EmbeddedDeployChild.RunAsync(data, ns, scenario),
        _ => 2,
    };
}
