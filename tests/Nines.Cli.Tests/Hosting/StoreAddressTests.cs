using Nines.Cli.Hosting;

namespace Nines.Cli.Tests.Hosting;

/// <summary>The <c>--store</c> address: schemes, members, options, and the canonical form children are given.</summary>
public sealed class StoreAddressTests
{
    [Fact]
    public void Parse_TlsWithRelativeFiles_MakesThemAbsoluteAndCanonicalRoundTrips()
    {
        var parsed = StoreAddress.Parse("etcds://127.0.0.1:2379,[::1]:2380?ca=pki/ca.crt&user=nines&password-file=pw%20file");

        parsed.Tls.ShouldBeTrue();
        parsed.Endpoints.Select(e => e.ToString()).ShouldBe(["https://127.0.0.1:2379/", "https://[::1]:2380/"]);
        parsed.CaFile.ShouldBe(Path.GetFullPath("pki/ca.crt"));
        parsed.PasswordFile.ShouldBe(Path.GetFullPath("pw file"));
        var again = StoreAddress.Parse(parsed.Canonical);
        (again.CaFile, again.PasswordFile, again.User).ShouldBe((parsed.CaFile, parsed.PasswordFile, parsed.User), "the canonical form reads back the same");
        again.Endpoints.ShouldBe(parsed.Endpoints);
        again.Canonical.ShouldBe(parsed.Canonical);
        parsed.Canonical.ShouldContain($"ca={Path.GetFullPath("pki/ca.crt")}&", Case.Sensitive, "paths stay readable");
    }

    [Fact]
    public void Parse_Plain_HasNoOptionsAndStaysAsGiven()
    {
        var parsed = StoreAddress.Parse("etcd://10.0.0.10:2379");

        parsed.Tls.ShouldBeFalse();
        parsed.Canonical.ShouldBe("etcd://10.0.0.10:2379");
        parsed.StoreOptions().Credentials.ShouldBeNull();
    }

    [Theory]
    [InlineData("etcd://h:1?password=x", "no password in the address")]
    [InlineData("etcd://h:1?user=", "user= needs a value")]
    [InlineData("etcd://h:1?user=a&user=b", "user= is given twice")]
    [InlineData("etcd://h:1?password-file=/x", "password-file= needs user=")]
    [InlineData("etcds://h:1?key=/k", "cert= and key= go together")]
    [InlineData("etcd://user@h:1", "is not HOST:PORT")]
    [InlineData("etcd://h", "is not HOST:PORT")]
    public void Parse_BadAddress_SaysWhy(string address, string expected) =>
        Should.Throw<ArgumentException>(() => StoreAddress.Parse(address)).Message.ShouldContain(expected);

    [Fact]
    public void StoreOptions_UserWithoutPasswordAnywhere_AsksForOne()
    {
        if (Environment.GetEnvironmentVariable(StoreAddress.PasswordVariable) is not null)
        {
            return;
        }

        Should.Throw<ArgumentException>(() => StoreAddress.Parse("etcd://h:1?user=nines").StoreOptions())
            .Message.ShouldContain($"user=nines needs a password: password-file=FILE or the {StoreAddress.PasswordVariable} environment variable");
    }
}
