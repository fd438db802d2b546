using Nines.Agent.Convergence;
using Nines.Contracts.Agents;
using Nines.Domain.Scenarios;
using Nines.Drivers;
using Nines.Drivers.Fake;
using Nines.Drivers.HostPaths;
using Nines.Testing;

namespace Nines.Controller.Tests.Agents;

/// <summary>
/// A pinned disk image (<c>image: name@sha256:…</c>) on a host: the right content is defined, another version of the
/// file is refused before the driver sees it, a file outside the host's libraries is refused by the path policy without
/// being read, and a file changed after a first check is hashed again.
/// </summary>
public sealed class ImagePinTests : IDisposable
{
    private readonly string _library = Directory.CreateTempSubdirectory("nines-pins-").FullName;

    public void Dispose() => Directory.Delete(_library, recursive: true);

    [Fact]
    public async Task Converge_PinnedImageWithThatContent_Defined()
    {
        var image = await ImageAsync("csr.img", "version 1");
        await using var agent = Agent(out var driver);

        var observed = await agent.ConvergeAsync(Desired(image, ImageReference.DigestOf("version 1"u8)), CancellationToken.None);

        observed.Vms[0].Error.ShouldBeNull();
        (await driver.InspectAsync("acme.lab.csr", CancellationToken.None)).Id.ShouldBe("acme.lab.csr");
    }

    [Fact]
    public async Task Converge_HostHasAnotherVersionOfThePinnedImage_RefusedAndNothingDefined()
    {
        var image = await ImageAsync("csr.img", "version 2");
        await using var agent = Agent(out var driver);
        var pinned = ImageReference.DigestOf("version 1"u8);

        var observed = (await agent.ConvergeAsync(Desired(image, pinned), CancellationToken.None)).Vms[0];

        observed.Terminal.ShouldBeTrue();
        observed.Error!.ShouldBe($"image \"{image}\" on this host is {ImageReference.DigestOf("version 2"u8)}, not the pinned {pinned}: the host has another version of the image");
        await Should.ThrowAsync<Drivers.Errors.VmNotFoundException>(() => driver.InspectAsync("acme.lab.csr", CancellationToken.None));
    }

    [Fact]
    public async Task Converge_ImageReplacedAfterAFirstCheck_HashedAgain()
    {
        var image = await ImageAsync("csr.img", "version 1");
        await using var agent = Agent(out _);
        var pinned = ImageReference.DigestOf("version 1"u8);
        (await agent.ConvergeAsync(Desired(image, pinned), CancellationToken.None)).Vms[0].Error.ShouldBeNull();
        await agent.RemoveAsync("acme.lab", CancellationToken.None);

        await File.WriteAllTextAsync(image, "version 2, longer");
        var observed = (await agent.ConvergeAsync(Desired(image, pinned), CancellationToken.None)).Vms[0];

        observed.Error!.ShouldContain("another version");
    }

    [Fact]
    public async Task Converge_PinnedImageOutsideTheLibraries_RefusedByThePathPolicy()
    {
        await using var agent = Agent(out _);

        var observed = (await agent.ConvergeAsync(Desired("/etc/shadow", ImageReference.DigestOf("x"u8)), CancellationToken.None)).Vms[0];

        observed.Error!.ShouldStartWith("refused by the host-path policy");
        observed.Error.ShouldNotContain("sha256", Case.Sensitive, "a file outside the libraries is never read, not even to hash it");
    }

    private LocalHostAgent Agent(out FakeDriver driver)
    {
        driver = new FakeDriver(new FakeTimeProvider());
        return new LocalHostAgent("local", driver, new InMemoryHostNetworks()) { HostPaths = new HostPathPolicy([_library], null) };
    }

    private async Task<string> ImageAsync(string name, string content)
    {
        var path = Path.Combine(_library, name);
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    private static HostDeploymentDesired Desired(string image, string digest) =>
        new(
            "acme.lab",
            "nines: 1\nname: lab\nvms:\n  - name: csr\n",
            [new VmDefinition("acme.lab.csr", "csr", 128, 1, new BootSource(DiskImagePath: image, DiskImageDigest: digest), [])],
            IncludeHostSection: false,
            new Dictionary<string, int>());
}
