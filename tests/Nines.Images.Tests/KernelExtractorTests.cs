using Nines.Images.Kernel;
using Nines.Images.Tests.Support;
using Nines.Processes;

namespace Nines.Images.Tests;

public sealed class KernelExtractorTests
{
    [Fact]
    public async Task ExtractVmlinuxAsync_NoXzMagic_ThrowsSayingSo()
    {
        var error = await Should.ThrowAsync<GuestImageException>(() => KernelExtractor.ExtractVmlinuxAsync(ProcessRunner.Default, new byte[4096], "vmlinuz", CancellationToken.None));

        error.Message.ShouldContain("no xz stream");
    }

    [Fact]
    public async Task ExtractVmlinuxAsync_MagicWithoutValidStream_ThrowsListingOffsets()
    {
        byte[] fake = [.. new byte[100], 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, .. new byte[100]];

        var error = await Should.ThrowAsync<GuestImageException>(() => KernelExtractor.ExtractVmlinuxAsync(ProcessRunner.Default, fake, "vmlinuz", CancellationToken.None));

        error.Message.ShouldContain("offset 100");
    }

    [Fact]
    public async Task ExtractVmlinuxAsync_KernelWithoutPvhNote_ThrowsNamingTheNote()
    {
        var kernelPackage = FakePackageSource.BzImage(TestElf.Kernel(withPvhNote: false));

        var error = await Should.ThrowAsync<GuestImageException>(() => KernelExtractor.ExtractVmlinuxAsync(ProcessRunner.Default, kernelPackage, "vmlinuz", CancellationToken.None));

        error.Message.ShouldContain("PVH");
    }
}
