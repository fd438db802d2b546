using System.CommandLine;
using Nines.Images;

namespace Nines.Cli.Commands;

/// <summary>
/// <c>nines image build|show</c>: the guest image that VMs boot when their own kernel and filesystem are absent;
/// <c>nines image upload|list|delete</c>: the tenant's own disk images on the controller (<c>ImageCommand.Library.cs</c>).
/// </summary>
internal static partial class ImageCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("image", "Build or show the guest image (Debian kernel, busybox, QEMU guest agent); upload, list or delete your tenant's disk images");
        command.Subcommands.Add(CreateBuild(context));
        command.Subcommands.Add(CreateShow(context));
        AddLibraryCommands(command, context);
        return command;
    }

    private static Option<string?> CacheOption() =>
        new("--cache") { Description = "Image cache directory (default: $NINES_HOME/images, else ~/.cache/nines/images)" };

    private static Command CreateBuild(CliContext context)
    {
        var cache = CacheOption();
        var force = new Option<bool>("--force") { Description = "Rebuild even if a complete image is cached" };
        var command = new Command("build", "Download the packages and build the guest image (once; later calls reuse it)") { cache, force };
        command.SetAction((parse, cancellationToken) =>
            BuildAsync(context, parse.GetValue(cache), parse.GetValue(force), cancellationToken));
        return command;
    }

    private static Command CreateShow(CliContext context)
    {
        var cache = CacheOption();
        var command = new Command("show", "Print the cached guest image, if any") { cache };
        command.SetAction(parse => Show(context, parse.GetValue(cache)));
        return command;
    }

    private static async Task<int> BuildAsync(CliContext context, string? cache, bool force, CancellationToken cancellationToken)
    {
        var builder = new GuestImageBuilder(TimeProvider.System);
        var progress = new LineProgress(context.Error);
        try
        {
            var image = await builder.BuildAsync(new GuestImageOptions { CacheDirectory = cache, Force = force }, progress, cancellationToken)
                .ConfigureAwait(false);
            Print(context, image);
            return ExitCodes.Ok;
        }
        catch (GuestImageException e)
        {
            await context.Error.WriteLineAsync($"nines image build: {e.Message}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }
    }

    private static int Show(CliContext context, string? cache)
    {
        var directory = cache ?? GuestImageBuilder.DefaultCacheDirectory();
        if (GuestImageBuilder.TryOpen(directory) is not { } image)
        {
            context.Out.WriteLine($"no guest image in {directory} (run: nines image build)");
            return ExitCodes.InvalidInput;
        }

        Print(context, image);
        return ExitCodes.Ok;
    }

    private static void Print(CliContext context, GuestImage image)
    {
        context.Out.WriteLine($"image:    {image.Directory}");
        context.Out.WriteLine($"kernel:   {image.KernelVersion} ({image.KernelPath})");
        context.Out.WriteLine($"initrd:   {image.InitrdPath}");
        context.Out.WriteLine($"cmdline:  {image.KernelCommandLine}");
        context.Out.WriteLine($"hash:     {image.ContentHash}");
        context.Out.WriteLine($"memory:   at least {image.MinimumMemoryMiB} MiB");
    }

    /// <summary>Writes each progress report as it happens (Progress&lt;T&gt; would post it to a thread pool later).</summary>
    private sealed class LineProgress(TextWriter writer) : IProgress<string>
    {
        public void Report(string value) => writer.WriteLine(value);
    }
}
