using Nines.Drivers.Errors;

namespace Nines.Drivers.Qemu.Tests.Driver;

/// <summary>Bad definitions are refused before anything is launched or written (no QEMU needed: nothing starts).</summary>
public sealed class QemuDriverDefinitionTests : IAsyncLifetime
{
    private readonly string _state = Directory.CreateTempSubdirectory("nq-def-").FullName;
    private IQemuDriver _driver = null!;

    public async Task InitializeAsync() =>
        _driver = await QemuDriverFactory.CreateAsync(new QemuDriverOptions { StateDirectory = _state, Accelerator = "tcg" }, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _driver.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task DefineAsync_EverythingWrong_RefusedWithEveryFieldAndNothingCreated()
    {
        var bad = new VmDefinition(
            "bad/id",
            "bad",
            10L << 30 << 10,
            1,
            new BootSource("/nonexistent/vmlinux"),
            [new NicDefinition(1, "01:00:00:00:00:01", "n"), new NicDefinition(2, "fe:fd:00:00:00:02", "n", "bridge:br0")]);

        var error = await Should.ThrowAsync<InvalidDefinitionException>(() => _driver.DefineAsync(bad, CancellationToken.None));

        error.Diagnostics.Select(d => d.Field).ShouldBe(["vm[bad].id", "vm[bad].memoryMiB", "vm[bad].boot.kernel", "vm[bad].nics[1].mac"], ignoreOrder: true);
        Directory.EnumerateFileSystemEntries(_state).Where(e => !e.EndsWith(".json", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public async Task DefineAsync_UnsupportedAttachment_RefusedNamingTheNic()
    {
        var kernel = typeof(QemuDriverDefinitionTests).Assembly.Location;
        var definition = new VmDefinition("att", "att", 128, 1, new BootSource(kernel), [new NicDefinition(2, "fe:fd:00:00:00:02", "n", "bridge:br0")]);

        var error = await Should.ThrowAsync<InvalidDefinitionException>(() => _driver.DefineAsync(definition, CancellationToken.None));

        error.Diagnostics.ShouldHaveSingleItem().Field.ShouldBe("vm[att].nics[2].attachment");
        Directory.Exists(Path.Combine(_state, "att")).ShouldBeFalse();
    }

    [Fact]
    public async Task DefineAsync_SameIdDifferentDefinition_RefusedAndUnknownIdNotFound()
    {
        var kernel = typeof(QemuDriverDefinitionTests).Assembly.Location;
        var definition = new VmDefinition("one", "one", 128, 1, new BootSource(kernel));
        (await _driver.DefineAsync(definition, CancellationToken.None)).State.ShouldBe(VmState.Defined);
        (await _driver.DefineAsync(definition, CancellationToken.None)).State.ShouldBe(VmState.Defined);

        await Should.ThrowAsync<InvalidDefinitionException>(() => _driver.DefineAsync(definition with { MemoryMiB = 256 }, CancellationToken.None));
        await Should.ThrowAsync<InvalidVmStateException>(() => _driver.PauseAsync("one", CancellationToken.None));
        await Should.ThrowAsync<VmNotFoundException>(() => _driver.StartAsync("two", CancellationToken.None));
        await _driver.RemoveAsync("one", CancellationToken.None);
    }
}
