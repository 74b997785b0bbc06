using BenchmarkDotNet.Running;

// Micro-benchmarks: dotnet run -c Release --project bench -- micro [BenchmarkDotNet args, e.g. --filter *Decode*]
if (args.Length > 0 && args[0] == "micro")
{
    BenchmarkSwitcher.FromAssembly(typeof(ScriptProxy.Bench.Micro.FrameDecodeBenchmarks).Assembly).Run(args[1..]);
    return 0;
}
Console.Error.WriteLine("usage: dotnet run -c Release --project bench -- micro [--filter *Decode*]");
return 1;
