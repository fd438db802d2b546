using Nines.Drivers.Container.Launch;

namespace Nines.Drivers.Container.Tests.Launch;

public sealed class VethAttachmentTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("none", null)]
    [InlineData("veth:nt0123456789ab", "nt0123456789ab")]
    public void Parse_Supported_ReturnsTheHostEnd(string? attachment, string? expected) =>
        VethAttachment.Parse(attachment).ShouldBe(expected);

    [Theory]
    [InlineData("tap:nt01")]
    [InlineData("veth:")]
    [InlineData("veth:this-name-is-too-long")]
    [InlineData("veth:a b")]
    public void Parse_Unsupported_Throws(string attachment) =>
        Should.Throw<ArgumentException>(() => VethAttachment.Parse(attachment));
}
