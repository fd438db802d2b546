namespace Nines.Cli.Tests.Commands;

public sealed class ValidateCommandTests
{
    [Theory]
    [InlineData("vnuml/tutorial_root1_xp_sysprep.xml", "valid VNUML scenario \"tutorial-r1_xp\": 5 VMs, 4 networks")]
    [InlineData("vnuml/simple_xp.xml", "valid VNUML scenario \"simple\": 1 VM, 0 networks")]
    [InlineData("vnuml/ediv_cluster.conf", "valid EDIV cluster.conf: 3 hosts, VLANs 1000-1039")]
    [InlineData("vnuml/ediv_restrictions_bgp_example.xml", "valid EDIV deployment restrictions file: 5 rules")]
    [InlineData("ovf/csr1000v.ovf", "valid OVF appliance \"com.cisco.csr1000v\": 1 VM, 3 networks")]
    public async Task Validate_SharedFixture_IsValid(string file, string summary)
    {
        var result = await CliRunner.RunAsync("validate", CliRunner.Data(file.Split('/')));

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain(summary);
    }

    // Issue 18: a default host route is the user's own business offline (a warning, exit 0); the API refuses it.
    [Fact]
    public async Task Validate_VnumlDefaultHostRoute_WarnsAtTheRouteAndSucceeds()
    {
        var path = CliRunner.TempFile("default-route.xml", """
            <vnuml>
              <global>
                <version>1.8</version>
                <simulation_name>gw</simulation_name>
              </global>
              <net name="Net0" mode="virtual_bridge"/>
              <vm name="a">
                <if id="1" net="Net0"><ipv4>10.0.0.2</ipv4></if>
              </vm>
              <host>
                <hostif net="Net0"><ipv4>10.0.0.1</ipv4></hostif>
                <route type="ipv4" gw="10.0.0.2">default</route>
              </host>
            </vnuml>
            """);

        var result = await CliRunner.RunAsync("validate", path);

        result.ExitCode.ShouldBe(0, result.Error);
        (result.Out + result.Error).ShouldContain($"{path}:12:");
        (result.Out + result.Error).ShouldContain("warning NX1532: host/route[default]");
        (result.Out + result.Error).ShouldContain("rule hostRouteDefault");
    }

    [Fact]
    public async Task Validate_FileWithSeveralMistakes_ReportsAllWithPositionsAndFails()
    {
        var path = CliRunner.TempFile("broken.xml", """
            <vnuml>
              <global>
                <version>1.8</version>
                <simulation_name>broken</simulation_name>
              </global>
              <net name="Net0" mode="virtual_bridge"/>
              <vm name="a">
                <mem>lots</mem>
                <if id="1" net="Nowhere"><ipv4>10.0.0.300</ipv4></if>
              </vm>
            </vnuml>
            """);

        var result = await CliRunner.RunAsync("validate", path);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain(path + ":8:");
        result.Error.ShouldContain(path + ":9:");
        result.Error.ShouldContain("lots");
        result.Error.ShouldContain("Nowhere");
        result.Error.ShouldContain("10.0.0.300");
        result.Error.ShouldContain($"{path}: invalid (3 errors");
    }

    [Fact]
    public async Task Validate_InterfaceId256_RefusedAtTheInterface()
    {
        // Issue 17: this scenario passed validate, and the reconciler then threw deriving its automac MACs.
        var path = CliRunner.TempFile("wide.yaml", """
            nines: 1
            name: wide
            networks:
              - name: lan
            vms:
              - name: r1
                interfaces:
                  - {id: 256, network: lan}
            """);

        var result = await CliRunner.RunAsync("validate", path);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain($"{path}:8:9: error NX1522: vm[r1]/if[256]: vm \"r1\": interface id 256 is out of range (expected 0 to 255");
        result.Error.ShouldContain($"{path}: invalid (1 error");
    }

    [Fact]
    public async Task Validate_VnxFile_SaysItIsNotVnuml()
    {
        var path = CliRunner.TempFile("vnx.xml", "<vnx><global><version>2.0</version></global></vnx>");

        var result = await CliRunner.RunAsync("validate", path);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("<vnx>");
    }

    [Fact]
    public async Task Validate_MissingFile_ExitsWithUsageCode()
    {
        var result = await CliRunner.RunAsync("validate", "/nonexistent.xml");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("/nonexistent.xml: error NX0100: cannot read the file: no such file");
    }

    [Fact]
    public async Task Validate_NoArguments_IsAUsageError()
    {
        var result = await CliRunner.RunAsync("validate");

        result.ExitCode.ShouldNotBe(0);
    }
}
