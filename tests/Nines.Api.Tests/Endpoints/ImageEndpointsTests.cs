using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Nines.Api.Contracts;
using Nines.Api.Tests.Images;
using Nines.Api.Tests.Support;

namespace Nines.Api.Tests.Endpoints;

public sealed class ImageEndpointsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("nines-images-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [RequiresQemuImgFact]
    public async Task Upload_RawImage_StoredInTheTenantsLibraryAndListed()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var client = host.Client(host.OperatorToken);
        var bytes = new byte[3 * 1024 * 1024];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0; // not by chance a format's magic

        var response = await UploadAsync(client, "disk.img", "raw", bytes);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var image = (await response.Content.ReadFromJsonAsync<ImageView>(ApiHost.Json))!;
        var directory = Path.Combine(host.TenantLibraries, "acme");
        image.ShouldSatisfyAllConditions(
            i => i.Name.ShouldBe("disk.img"),
            i => i.Format.ShouldBe("raw"),
            i => i.Bytes.ShouldBe(bytes.Length),
            i => i.Path.ShouldBe(Path.Combine(directory, "disk.img")));
        (await File.ReadAllBytesAsync(image.Path)).ShouldBe(bytes);
        (OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(directory)).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        Directory.GetFiles(directory).ShouldBe([image.Path]);
        (await client.GetFromJsonAsync<List<ImageView>>("/v1/images", ApiHost.Json))!.ShouldHaveSingleItem().Name.ShouldBe("disk.img");
        (await client.GetFromJsonAsync<QuotaView>("/v1/quota", ApiHost.Json))!.Usage.ImageBytes.ShouldBe(bytes.Length);
    }

    [RequiresQemuImgFact]
    public async Task Upload_Qcow2WithABackingImageOfTheLibrary_IsAccepted()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var client = host.Client(host.OperatorToken);
        var basePath = Path.Combine(_work, "base.qcow2");
        QemuImg.Run("create", "-q", "-f", "qcow2", basePath, "4M");
        (await UploadAsync(client, "base.qcow2", "qcow2", await File.ReadAllBytesAsync(basePath))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var overlay = Path.Combine(_work, "overlay.qcow2");
        QemuImg.Run("create", "-q", "-f", "qcow2", "-u", "-b", "base.qcow2", "-F", "qcow2", overlay, "4M");

        var response = await UploadAsync(client, "overlay.qcow2", "qcow2", await File.ReadAllBytesAsync(overlay));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var image = await response.Content.ReadFromJsonAsync<ImageView>(ApiHost.Json);
        (image!.Format, image.VirtualSize, image.BackingFile).ShouldBe(("qcow2", 4L * 1024 * 1024, "base.qcow2"));
    }

    [RequiresQemuImgFact]
    public async Task Upload_OverTheImageBytesQuotaWithoutALength_RefusedMidStreamAndNothingLeft()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var admin = host.Client(host.AdminToken);
        using var client = host.Client(host.OperatorToken);
        (await admin.PutAsJsonAsync("/v1/tenants/acme/quota", new { imageBytes = 2 * 1024 * 1024 })).EnsureSuccessStatusCode();
        var sent = new CountingStream(new byte[8 * 1024 * 1024]);

        // No Content-Length: the controller learns the size only by reading.
        using var content = new StreamContent(sent);
        var response = await client.PutAsync("/v1/images/big.img?format=raw", content);

        response.StatusCode.ShouldBe((HttpStatusCode)422);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe("quota exceeded");
        var violation = problem.GetProperty("violations")[0];
        (violation.GetProperty("field").GetString(), violation.GetProperty("rule").GetString(), violation.GetProperty("limit").GetInt64()).ShouldBe(("body", "imageBytes", 2L * 1024 * 1024));
        sent.BytesRead.ShouldBeLessThan(8L * 1024 * 1024);
        Directory.GetFileSystemEntries(Path.Combine(host.TenantLibraries, "acme")).ShouldBeEmpty();
        (await client.GetFromJsonAsync<List<ImageView>>("/v1/images", ApiHost.Json))!.ShouldBeEmpty();
    }

    [RequiresQemuImgFact]
    public async Task Upload_AnnouncedLengthOverTheQuota_RefusedBeforeAnythingIsWritten()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var admin = host.Client(host.AdminToken);
        using var client = host.Client(host.OperatorToken);
        (await admin.PutAsJsonAsync("/v1/tenants/acme/quota", new { imageBytes = 1024 })).EnsureSuccessStatusCode();
        (await UploadAsync(client, "small.img", "raw", new byte[1000])).StatusCode.ShouldBe(HttpStatusCode.Created);

        var response = await UploadAsync(client, "second.img", "raw", new byte[100]);

        response.StatusCode.ShouldBe((HttpStatusCode)422);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("violations")[0].GetProperty("usage").GetInt64().ShouldBe(1000);
        Directory.GetFiles(Path.Combine(host.TenantLibraries, "acme")).Select(Path.GetFileName).ShouldBe(["small.img"]);
    }

    [RequiresQemuImgFact]
    public async Task Upload_Qcow2BackedByEtcShadow_RefusedAndNothingLeft()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var client = host.Client(host.OperatorToken);
        var path = Path.Combine(_work, "evil.qcow2");
        QemuImg.Run("create", "-q", "-f", "qcow2", "-u", "-b", "/etc/shadow", "-F", "raw", path, "1M");

        var response = await UploadAsync(client, "evil.qcow2", "qcow2", await File.ReadAllBytesAsync(path));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await DeploymentEndpointsTests.ErrorsAsync(response))["body"].ShouldHaveSingleItem().ShouldContain("backing file \"/etc/shadow\" is outside the tenant's image library");
        Directory.GetFileSystemEntries(Path.Combine(host.TenantLibraries, "acme")).ShouldBeEmpty();
    }

    [RequiresQemuImgFact]
    public async Task Upload_Qcow2BackedByAnotherTenantsImageOrUnformatted_Refused()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var globex = host.Client(host.OtherTenantToken);
        using var client = host.Client(host.OperatorToken);
        (await UploadAsync(globex, "theirs.img", "raw", new byte[4096])).StatusCode.ShouldBe(HttpStatusCode.Created);
        var theirs = Path.Combine(host.TenantLibraries, "globex", "theirs.img");
        var relative = Path.Combine(_work, "relative.qcow2");
        QemuImg.Run("create", "-q", "-f", "qcow2", "-u", "-b", "../globex/theirs.img", "-F", "raw", relative, "1M");
        var absolute = Path.Combine(_work, "absolute.qcow2");
        QemuImg.Run("create", "-q", "-f", "qcow2", "-u", "-b", theirs, "-F", "raw", absolute, "1M");
        (await UploadAsync(client, "mine.img", "raw", new byte[4096])).StatusCode.ShouldBe(HttpStatusCode.Created);
        var probed = Path.Combine(_work, "probed.qcow2");
        QemuImg.Run("create", "-q", "-f", "qcow2", "-u", "-b", "mine.img", "-F", "raw", probed, "1M");
        await DropBackingFormatAsync(probed);

        var answers = new[]
        {
            await UploadAsync(client, "relative.qcow2", "qcow2", await File.ReadAllBytesAsync(relative)),
            await UploadAsync(client, "absolute.qcow2", "qcow2", await File.ReadAllBytesAsync(absolute)),
            await UploadAsync(client, "probed.qcow2", "qcow2", await File.ReadAllBytesAsync(probed)),
        };

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.BadRequest);
        (await DeploymentEndpointsTests.ErrorsAsync(answers[2]))["body"][0].ShouldContain("without its format");
        Directory.GetFiles(Path.Combine(host.TenantLibraries, "acme")).Select(Path.GetFileName).ShouldBe(["mine.img"]);
    }

    [RequiresQemuImgFact]
    public async Task Upload_Qcow2WithAnExternalDataFile_Refused()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var client = host.Client(host.OperatorToken);
        var path = Path.Combine(_work, "data.qcow2");
        QemuImg.Run("create", "-q", "-f", "qcow2", "-o", $"data_file={Path.Combine(_work, "data.raw")},data_file_raw=on", path, "1M");

        var response = await UploadAsync(client, "data.qcow2", "qcow2", await File.ReadAllBytesAsync(path));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await DeploymentEndpointsTests.ErrorsAsync(response))["body"][0].ShouldContain("external data file");
    }

    [RequiresQemuImgFact]
    public async Task Upload_Qcow2SaidToBeRaw_RefusedSoNothingEverProbesIt()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var client = host.Client(host.OperatorToken);
        var path = Path.Combine(_work, "disguised.qcow2");
        QemuImg.Run("create", "-q", "-f", "qcow2", path, "1M");

        var asRaw = await UploadAsync(client, "disguised.img", "raw", await File.ReadAllBytesAsync(path));
        var rawAsQcow2 = await UploadAsync(client, "plain.img", "qcow2", new byte[4096]);

        asRaw.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await DeploymentEndpointsTests.ErrorsAsync(asRaw))["format"][0].ShouldContain("is a qcow2 image, not raw");
        rawAsQcow2.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await DeploymentEndpointsTests.ErrorsAsync(rawAsQcow2)).Keys.ShouldBe(["format"]);
        Directory.GetFileSystemEntries(Path.Combine(host.TenantLibraries, "acme")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("a..b")]
    [InlineData(".hidden")]
    [InlineData("name%0A")]
    [InlineData("sub%2Fdir")]
    public async Task Upload_NameThatIsNotOneSafeComponent_Returns400NamingName(string name)
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var client = host.Client(host.OperatorToken);

        var response = await UploadAsync(client, name, "raw", new byte[512]);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        (await DeploymentEndpointsTests.ErrorsAsync(response)).Keys.ShouldBe(["name"]);
        Directory.Exists(Path.Combine(host.TenantLibraries, "acme")).ShouldBeFalse();
    }

    [Fact]
    public async Task Upload_WithoutFormat_Returns400NamingFormat()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var client = host.Client(host.OperatorToken);

        using var content = new ByteArrayContent(new byte[512]);
        var response = await client.PutAsync("/v1/images/disk.img", content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await DeploymentEndpointsTests.ErrorsAsync(response)).Keys.ShouldBe(["format"]);
    }

    [RequiresQemuImgFact]
    public async Task AnotherTenant_CannotListOrDeleteTheImage_AndAViewerCannotUpload()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var acme = host.Client(host.OperatorToken);
        using var globex = host.Client(host.OtherTenantToken);
        using var viewer = host.Client(host.ViewerToken);
        (await UploadAsync(acme, "disk.img", "raw", new byte[4096])).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await globex.GetFromJsonAsync<List<ImageView>>("/v1/images", ApiHost.Json))!.ShouldBeEmpty();
        (await globex.GetAsync("/v1/images?tenant=acme")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await globex.DeleteAsync("/v1/images/disk.img")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await globex.DeleteAsync("/v1/images/disk.img?tenant=acme")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await UploadAsync(viewer, "other.img", "raw", new byte[512])).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        File.Exists(Path.Combine(host.TenantLibraries, "acme", "disk.img")).ShouldBeTrue();
        (await acme.DeleteAsync("/v1/images/disk.img")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        File.Exists(Path.Combine(host.TenantLibraries, "acme", "disk.img")).ShouldBeFalse();
        (await acme.DeleteAsync("/v1/images/disk.img")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    // qemu-img no longer makes an image whose backing file has no format (QEMU would probe it), but older ones did and a
    // hostile upload may: turn the backing-format header extension (0xe2792aca) into an unknown one.
    private static async Task DropBackingFormatAsync(string path)
    {
        var bytes = await File.ReadAllBytesAsync(path);
        var at = bytes.AsSpan(0, 4096).IndexOf(new byte[] { 0xe2, 0x79, 0x2a, 0xca });
        at.ShouldBeGreaterThan(0);
        bytes[at] = 0x12;
        await File.WriteAllBytesAsync(path, bytes);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string name, string format, byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await client.PutAsync($"/v1/images/{name}?format={format}", content);
    }

    /// <summary>A body of unknown length that counts how much of it the server read.</summary>
    private sealed class CountingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public long BytesRead { get; private set; }

        public override bool CanSeek => false;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, Math.Min(count, 64 * 1024));
            BytesRead += read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer[..Math.Min(buffer.Length, 64 * 1024)], cancellationToken);
            BytesRead += read;
            return read;
        }
    }
}
