using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Images.Resolution;
using Nines.Images.Tests.Support;

namespace Nines.Images.Tests;

public sealed class ImageResolverTests : IDisposable
{
    private static readonly SourceLocation _at = new("s.xml", 12, 3);
    private readonly TempDirectory _temp = new();
    private readonly GuestImage _image;

    public ImageResolverTests() =>
        _image = new GuestImage("/cache/abc", "/cache/abc/vmlinux", "/cache/abc/initramfs.cpio.gz", GuestImage.DefaultKernelCommandLine, new string('a', 64), "6.1.0-56-amd64");

    public void Dispose() => _temp.Dispose();

    private ImageResolver Resolver(GuestImage? image = null) => new([_temp.Combine("allowed")], image ?? _image);

    private static VmSpec Vm(string? kernel, string? filesystem = null) =>
        new("uml1", Kernel: kernel is null ? null : new KernelSpec(kernel), Filesystem: filesystem is null ? null : new FilesystemSpec(filesystem));

    [Fact]
    public void Resolve_PathsMissing_UsesBuiltImageWithWarningNamingVmAndPath()
    {
        var result = Resolver().Resolve(Vm("allowed/kernels/linux", _temp.Combine("allowed/root_fs")), _temp.Path, _at);

        result.Succeeded.ShouldBeTrue();
        result.Value!.KernelPath.ShouldBe(_image.KernelPath);
        result.Value.InitrdPath.ShouldBe(_image.InitrdPath);
        result.Value.KernelCommandLine.ShouldBe(_image.KernelCommandLine);
        result.Value.GuestImage.ShouldBe(_image);
        result.Warnings.Select(d => d.Field).ShouldBe(["vm[uml1]/kernel", "vm[uml1]/filesystem"], ignoreOrder: true);
        var warning = result.Warnings.Single(d => d.Field == "vm[uml1]/filesystem");
        warning.Code.ShouldBe(ImageDiagnosticCodes.MappedToGuestImage);
        warning.Location.ShouldBe(_at);
        warning.Message.ShouldContain("vm \"uml1\"");
        warning.Message.ShouldContain(_temp.Combine("allowed/root_fs"));
    }

    [Fact]
    public void Resolve_KernelOutsideAllowedButMissing_IsRejectedNotMapped()
    {
        var result = Resolver().Resolve(Vm("/usr/share/vnuml/kernels/linux"), _temp.Path, _at);

        result.Succeeded.ShouldBeFalse();
        result.Errors.Single().Code.ShouldBe(ImageDiagnosticCodes.OutsideAllowedDirectories);
        result.Errors.Single().Field.ShouldBe("vm[uml1]/kernel");
    }

    [Fact]
    public void Resolve_ExistingFiles_UsesThemWithoutWarning()
    {
        var kernel = _temp.Write("allowed/kernels/linux", [1, 2, 3]);
        var fs = _temp.Write("allowed/fs/root_fs", [4]);

        var result = Resolver().Resolve(Vm("allowed/kernels/linux", fs), _temp.Path, _at);

        result.Succeeded.ShouldBeTrue();
        result.Diagnostics.ShouldBeEmpty();
        result.Value.ShouldBe(new VmBootImage(kernel, null, fs, null, null));
    }

    [Fact]
    public void Resolve_DotDotLeavingAllowedRoot_Error()
    {
        _temp.Write("secret", [1]);

        var result = Resolver().Resolve(Vm("allowed/../secret"), _temp.Path, _at);

        var error = result.Errors.Single();
        error.Code.ShouldBe(ImageDiagnosticCodes.OutsideAllowedDirectories);
        error.Message.ShouldContain("allowed/../secret");
        error.Message.ShouldContain("outside the allowed directories");
    }

    [Fact]
    public void Resolve_DotDotStayingInside_Accepted()
    {
        var kernel = _temp.Write("allowed/k/linux", [1]);

        var result = Resolver().Resolve(Vm("allowed/x/../k/linux"), _temp.Path, _at);

        result.Value!.KernelPath.ShouldBe(kernel);
    }

    [Fact]
    public void Resolve_SymlinkLeadingOut_ErrorNamesTarget()
    {
        var secret = _temp.Write("secret", [1]);
        Directory.CreateDirectory(_temp.Combine("allowed"));
        File.CreateSymbolicLink(_temp.Combine("allowed/linux"), secret);

        var error = Resolver().Resolve(Vm("allowed/linux"), _temp.Path, _at).Errors.Single();

        error.Code.ShouldBe(ImageDiagnosticCodes.OutsideAllowedDirectories);
        error.Message.ShouldContain($"a symbolic link leads to {secret}");
    }

    [Fact]
    public void Resolve_KernelIsDirectory_Error()
    {
        Directory.CreateDirectory(_temp.Combine("allowed/kdir"));

        Resolver().Resolve(Vm("allowed/kdir"), _temp.Path, _at).Errors.Single().Code.ShouldBe(ImageDiagnosticCodes.Unreadable);
    }

    [Fact]
    public void Resolve_MissingAndNoImageBuilt_ErrorSaysHowToBuild()
    {
        var resolver = new ImageResolver([_temp.Combine("allowed")], image: null);

        var error = resolver.Resolve(Vm("allowed/none"), _temp.Path, _at).Errors.Single();

        error.Code.ShouldBe(ImageDiagnosticCodes.NoGuestImage);
        error.Message.ShouldContain("\"allowed/none\" does not exist");
        error.Message.ShouldContain("nines image build");
    }

    [Fact]
    public void Resolve_NoKernelElement_UsesImageWithoutWarning()
    {
        var result = Resolver().Resolve(new VmSpec("q1"), _temp.Path, _at);

        result.Value!.KernelPath.ShouldBe(_image.KernelPath);
        result.Diagnostics.ShouldBeEmpty();
    }
}
