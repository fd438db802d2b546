using System.CommandLine;
using System.Globalization;
using Nines.Cli.Output;

namespace Nines.Cli.Commands;

/// <summary><c>nines image upload|list|delete</c>: the disk images of the token's tenant in the controller's library.</summary>
internal static partial class ImageCommand
{
    private static void AddLibraryCommands(Command command, CliContext context)
    {
        command.Subcommands.Add(CreateUpload(context));
        command.Subcommands.Add(CreateList(context));
        command.Subcommands.Add(CreateDelete(context));
    }

    private static Command CreateUpload(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("upload", "Upload a disk image to your tenant's library (counted against its image-bytes quota)");
        var file = new Argument<FileInfo>("file") { Description = "The image file" };
        var name = new Option<string?>("--name") { Description = "Its name in the library (default: the file's name)" };
        var format = new Option<string?>("--format") { Description = "qcow2 or raw (default: qcow2 when the file starts with the qcow2 magic, else raw); the controller checks it" };
        format.AcceptOnlyFromAmong("qcow2", "raw");
        command.Arguments.Add(file);
        command.Options.Add(name);
        command.Options.Add(format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await context.Error.WriteLineAsync($"nines image upload: {path.FullName} does not exist").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var arguments = remote.Read(parse);
            return await RemoteCommand.RunAsync(context, "image upload", arguments, autoStart: false, async connection =>
            {
                var stream = new FileStream(path.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1024 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
                await using (stream.ConfigureAwait(false))
                {
                    var chosen = parse.GetValue(format) ?? await SniffFormatAsync(stream, cancellationToken).ConfigureAwait(false);
                    var image = await connection.Client.UploadImageAsync(parse.GetValue(name) ?? path.Name, chosen, stream, cancellationToken).ConfigureAwait(false);
                    await (arguments.Json
                        ? JsonOutput.WriteAsync(context.Out, image.Json)
                        : context.Out.WriteLineAsync($"{image.Value.Name}: {image.Value.Format}, {Format.Bytes(image.Value.Bytes)} (disk {Format.Bytes(image.Value.VirtualSize)}) at {image.Value.Path}")).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }
            }, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command CreateList(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("list", "List your tenant's disk images");
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            return RemoteCommand.RunAsync(context, "image list", arguments, autoStart: false, async connection =>
            {
                var images = await connection.Client.ListImagesAsync(cancellationToken).ConfigureAwait(false);
                if (arguments.Json)
                {
                    await JsonOutput.WriteAsync(context.Out, images.Json).ConfigureAwait(false);
                }
                else
                {
                    TextTable.Write(context.Out, ["NAME", "FORMAT", "SIZE", "DISK", "MODIFIED", "PATH"], images.Value.Select(i => (IReadOnlyList<string>)
                        [i.Name, i.Format, Format.Bytes(i.Bytes), Format.Bytes(i.VirtualSize), i.ModifiedAt.ToString("u", CultureInfo.InvariantCulture), i.Path]));
                }

                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static Command CreateDelete(CliContext context)
    {
        var (command, remote) = RemoteOptions.Command("delete", "Delete one of your tenant's disk images");
        var name = new Argument<string>("name") { Description = "The image's name" };
        command.Arguments.Add(name);
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = remote.Read(parse);
            return RemoteCommand.RunAsync(context, "image delete", arguments, autoStart: false, async connection =>
            {
                await connection.Client.DeleteImageAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
                await context.Out.WriteLineAsync($"deleted {parse.GetValue(name)}").ConfigureAwait(false);
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    // Only the format's name is guessed here, from the qcow2 magic; the controller checks the bytes against it either way.
    private static async Task<string> SniffFormatAsync(FileStream stream, CancellationToken cancellationToken)
    {
        var magic = new byte[4];
        var read = await stream.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        stream.Position = 0;
        return read == 4 && magic.AsSpan().SequenceEqual(new byte[] { (byte)'Q', (byte)'F', (byte)'I', 0xfb }) ? "qcow2" : "raw";
    }
}
