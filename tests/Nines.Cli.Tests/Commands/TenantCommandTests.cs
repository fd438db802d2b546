using System.Text.Json;
using Nines.Cli.Tests.Support;

namespace Nines.Cli.Tests.Commands;

public sealed class TenantCommandTests
{
    [Fact]
    public async Task QuotaSetAndShow_Admin_SetsTheGivenLimitsAndShowsUsageBeside()
    {
        await using var controller = await TestController.StartAsync();
        await controller.DeployTutorialAsync();

        var set = await controller.RunAsync("tenant", "quota", "set", "default", "--vms", "10", "--memory", "4GiB", "--image-bytes", "1G", "--sched-fifo", "deny");
        var show = await controller.RunAsync("tenant", "quota", "show");
        var json = await controller.RunAsync("tenant", "quota", "show", "default", "--output", "json");

        set.ExitCode.ShouldBe(0, set.Error);
        show.ExitCode.ShouldBe(0, show.Error);
        show.Out.ShouldContain("tenant default");
        show.Out.ShouldMatch(@"vms\s+5\s+10\s+yes");
        show.Out.ShouldMatch(@"memory\s+\S+ \S+\s+4\.0 GiB\s+yes");
        show.Out.ShouldMatch(@"deployments\s+1\s+32\s+default");
        show.Out.ShouldMatch(@"sched-fifo\s+-\s+deny\s+yes");
        var view = JsonDocument.Parse(json.Out).RootElement;
        view.GetProperty("limits").GetProperty("memoryMiB").GetInt64().ShouldBe(4096);
        view.GetProperty("limits").GetProperty("imageBytes").GetInt64().ShouldBe(1L << 30);
        view.GetProperty("usage").GetProperty("vms").GetInt64().ShouldBe(5);
    }

    [Fact]
    public async Task QuotaSet_BadSize_ExitsUsageNamingTheOption()
    {
        await using var controller = await TestController.StartAsync();

        var result = await controller.RunAsync("tenant", "quota", "set", "default", "--memory", "lots");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("--memory: \"lots\" is not a size");
    }

    [Fact]
    public async Task Deploy_OverTheVmQuota_ExitsInvalidInputNamingTheRuleAndUsage()
    {
        await using var controller = await TestController.StartAsync();
        (await controller.RunAsync("tenant", "quota", "set", "default", "--vms", "4")).ExitCode.ShouldBe(0);

        var result = await controller.RunAsync("deploy", CliRunner.Data("vnuml", "tutorial_root1_xp_sysprep.xml"), "--name", "tutorial");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("quota vms: tenant \"default\" may use 4 VMs and uses 0 without this deployment, which asks for 5 (5 > 4)");
    }

    [Fact]
    public async Task ImageUploadListDelete_RawFile_RoundTripsThroughTheLibrary()
    {
        await using var controller = await TestController.StartAsync();
        var file = Path.Combine(controller.Data, "..", "disk.img");
        await File.WriteAllBytesAsync(file, new byte[1024 * 1024]);

        var upload = await controller.RunAsync("image", "upload", file, "--name", "disk-1.img");
        var list = await controller.RunAsync("image", "list");
        var delete = await controller.RunAsync("image", "delete", "disk-1.img");
        var after = await controller.RunAsync("image", "list", "-o", "json");

        upload.ExitCode.ShouldBe(0, upload.Error);
        upload.Out.ShouldContain($"disk-1.img: raw, 1.0 MiB (disk 1.0 MiB) at {Path.Combine(controller.Data, "images", "default", "disk-1.img")}");
        list.Out.ShouldMatch(@"disk-1\.img\s+raw\s+1\.0 MiB");
        delete.ExitCode.ShouldBe(0, delete.Error);
        after.Out.Trim().ShouldBe("[]");
    }

    [Fact]
    public async Task ImageUpload_NameWithSlashes_ExitsInvalidInput()
    {
        await using var controller = await TestController.StartAsync();
        var file = Path.Combine(controller.Data, "..", "disk.img");
        await File.WriteAllBytesAsync(file, new byte[4096]);

        var result = await controller.RunAsync("image", "upload", file, "--name", "../../etc/x");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("is not a valid image name");
    }

    [Fact]
    public async Task TokenCreateWithNameAndExpiry_ListShowsThemAndNeverTheSecret()
    {
        await using var controller = await TestController.StartAsync();

        var created = await controller.RunAsync("token", "create", "--role", "operator", "--tenant", "lab", "--name", "ci", "--expires", "30d");
        var list = await controller.RunAsync("token", "list");

        created.ExitCode.ShouldBe(0, created.Error);
        created.Error.ShouldContain("operator of tenant lab, expires ");
        var token = created.Out.Trim();
        list.Out.ShouldNotContain(token);
        list.Out.ShouldMatch(@"\sci\s+operator\s+lab\s+.*expires \d{4}-\d\d-\d\d");
        list.Out.ShouldContain("never expires");
    }
}
