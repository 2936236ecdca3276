using Dunning.Local.Cli;

return await DunningCli.RunAsync(args);
