using Nines.Cli;

return await NinesCli.RunAsync(args, Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
