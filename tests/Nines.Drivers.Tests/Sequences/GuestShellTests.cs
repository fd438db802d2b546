using Nines.Drivers.Sequences;

namespace Nines.Drivers.Tests.Sequences;

public class GuestShellTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$HOME `x` \"y\"", "'$HOME `x` \"y\"'")]
    public void Quote_Word_SingleQuotedForPosixShell(string word, string expected) => GuestShell.Quote(word).ShouldBe(expected);

    [Theory]
    [InlineData(null, "ls")]
    [InlineData("", "ls")]
    [InlineData("root", "ls")]
    [InlineData("bob", "su -c 'ls' 'bob'")]
    public void AsUser_User_SuOnlyForOthersThanRoot(string? user, string expected) => GuestShell.AsUser("ls", user).ShouldBe(expected);

    [Fact]
    public void CommandLines_FileText_OneCommandPerLineWithoutBlanksAndComments() =>
        GuestShell.CommandLines("a\r\n\n  # note\n b c \n#x\n").ShouldBe(["a", "b c"]);
}
