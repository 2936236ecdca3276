using Dunning.Local.Cli;

return await DunningCli.Build().Parse(args).InvokeAsync();
