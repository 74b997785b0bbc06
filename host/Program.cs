using ScriptProxy.Host.Cli;

return await CommandLine.RunAsync(args);
