using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Skillgate.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
