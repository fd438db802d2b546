using System.Text;
using Nines.Domain.Scenarios;

namespace Nines.Domain.Tests.Scenarios;

public sealed class ImageReferenceTests
{
    private static readonly string _hex = new('a', 64);

    [Theory]
    [InlineData("csr1000v.qcow2", "csr1000v.qcow2", null)]
    [InlineData("/images/disk@2.qcow2", "/images/disk@2.qcow2", null)]
    [InlineData("user@host/x.img", "user@host/x.img", null)]
    [InlineData("router@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "router", "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("/a@b/router.qcow2@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "/a@b/router.qcow2", "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void TryParse_ValidImage_ReadsNameAndDigest(string text, string name, string? digest)
    {
        ImageReference.TryParse(text, out var reference, out var error).ShouldBeTrue();

        error.ShouldBeNull();
        reference.ShouldBe(new ImageReference(name, digest));
        reference!.ToString().ShouldBe(text);
        ImageReference.PathOf(text).ShouldBe(name);
    }

    [Theory]
    [InlineData("", "an image needs a name")]
    [InlineData("@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "needs an image name before '@'")]
    [InlineData("r@md5:d41d8cd98f00b204e9800998ecf8427e", "digest algorithm \"md5\" is not supported")]
    [InlineData("r@SHA256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "digest algorithm \"SHA256\" is not supported")]
    [InlineData("r@sha256:abc", "found \"abc\" (3 characters)")]
    [InlineData("r@sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "64 lowercase hex digits")]
    public void TryParse_BadPin_SaysWhy(string text, string reason)
    {
        ImageReference.TryParse(text, out var reference, out var error).ShouldBeFalse();

        reference.ShouldBeNull();
        error!.ShouldContain(reason);
        Should.Throw<FormatException>(() => ImageReference.Parse(text));
        ImageReference.PathOf(text).ShouldBe(text);
    }

    [Fact]
    public void DigestOf_Content_IsSha256Hex() =>
        ImageReference.DigestOf(Encoding.ASCII.GetBytes("abc")).ShouldBe("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    [Fact]
    public void IsPinned_PinnedAndPlain_Differ()
    {
        ImageReference.Parse($"r@sha256:{_hex}").IsPinned.ShouldBeTrue();
        ImageReference.Parse("r").IsPinned.ShouldBeFalse();
    }
}
