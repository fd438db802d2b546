using Nines.Cli;

var context = new CliContext(Console.Out, Console.Error, Interactive: !Console.IsOutputRedirected) { OwnProcess = true };
return await NinesCli.RunAsync(args, context, CancellationToken.None).ConfigureAwait(false);
