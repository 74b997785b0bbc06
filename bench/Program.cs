using BenchmarkDotNet.Running;
using ScriptProxy.Bench;

// dotnet run -c Release --project bench -- micro [BenchmarkDotNet args, e.g. --filter *Decode*]
// dotnet run -c Release --project bench -- load --target 127.0.0.1:9042 [options]
// dotnet run -c Release --project bench -- run [options] | quick
if (args.Length > 0 && args[0] == "micro")
{
    BenchmarkSwitcher.FromAssembly(typeof(ScriptProxy.Bench.Micro.FrameDecodeBenchmarks).Assembly).Run(args[1..]);
    return 0;
}
try
{
    if (args.Length > 0 && args[0] == "load") return await Commands.LoadAsync(args[1..]);
    if (args.Length > 0 && args[0] is "run" or "quick") return await Commands.RunAsync(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
Console.Error.WriteLine(Commands.Usage);
return 1;
