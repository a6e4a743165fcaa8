using TaskMaster.Benchmarks;

return await BenchmarkCommand.RunAsync(args);
