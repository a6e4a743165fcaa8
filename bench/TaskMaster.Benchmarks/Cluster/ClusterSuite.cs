using System.Globalization;
using static TaskMaster.Benchmarks.BenchmarkCommand;
using TaskMaster.Benchmarks.Durability;
using TaskMaster.RabbitMq;
using TaskMaster.Testing.Servers;

namespace TaskMaster.Benchmarks.Cluster;

/// <summary>
/// <c>cluster [--tasks N] [--workers 1,2,4] [--worker-concurrency C] [--repeat R] [--cpu]</c>: tasks per second
/// over a real RabbitMQ, no-op (<c>true</c>) and 50 ms (<c>sleep 0.05</c>) tasks, for 1, 2 and 4
/// worker services, TaskMaster through the real services (a queue submitted over gRPC to the scheduler
/// service in cluster mode, followed with WatchRun to its end: <see cref="ServicePath"/>) and its dispatch
/// path alone (the scheduler's dispatcher in this process and worker services: <see cref="DispatchPath"/>),
/// against raw MassTransit publish/consume on the same broker, in the same run, the cases taking turns.
/// The raw baseline is measured twice: its consumers running the same command as a process, and
/// running none (the broker's own rate, for scale). <c>--cpu</c> adds where each case's CPU went, per task
/// (<see cref="CpuBreakdown"/>).
/// </summary>
internal static class ClusterSuite
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var tasks = IntArg(args, "--tasks", 400);
        var workerCounts = IntsArg(args, "--workers", [1, 2, 4]);
        var concurrency = IntArg(args, "--worker-concurrency", 1);
        var repeat = IntArg(args, "--repeat", 3);
        var showCpu = args.Contains("--cpu");
        Console.WriteLine($"cluster: {tasks} tasks a run, {concurrency} at once per worker, median of {repeat}; {MachineLoad.Describe()}");

        await using var root = new ServerRoot("bench-cluster");
        var broker = await RabbitMqServer.StartAsync(root);
        var token = Path.Combine(root.Folder, "token");
        TaskMaster.Core.Storage.PrivateFiles.WriteAllText(token, Guid.NewGuid().ToString("N"));
        var queueDirectory = Directory.CreateDirectory(Path.Combine(root.Folder, "queue")).FullName;
        var settings = new RabbitMqSettings { Uri = broker.AmqpUri, Prefix = "bench" + Guid.NewGuid().ToString("N")[..8] };

        await using var fleet = new WorkerFleet(root, broker, settings.Prefix, token, concurrency);
        await using var dispatch = await DispatchPath.StartAsync(broker, settings);
        await using var services = await ServicePath.StartAsync(root, broker, token, concurrency);
        var cpu = new CpuBreakdown([services.Scheduler.Folder], services.StorageFolders, broker.Folder);
        var kinds = new (string Name, string Command)[] { ("no-op", "true"), ("50 ms", "sleep 0.05") };
        var rows = new List<string>();
        var perWorkers = new Dictionary<(string, int), double>();
        var perWorkersDispatch = new Dictionary<(string, int), double>();
        foreach (var workers in workerCounts)
        {
            await fleet.GrowToAsync(workers);
            await services.Workers.GrowToAsync(workers);
            await using var raw = await RawMassTransit.StartAsync(broker, workers, concurrency);
            // One unmeasured round each: connections, queues and JIT warm before the figures.
            await dispatch.RunAsync(Math.Min(tasks, 20), "true", queueDirectory, Timeout);
            await services.RunAsync(Math.Min(tasks, 20), "true", Timeout);
            await raw.RunAsync(Math.Min(tasks, 20), "true", Timeout);
            foreach (var (name, command) in kinds)
            {
                var ours = new List<double>();
                var throughServices = new List<double>();
                var rawProcess = new List<double>();
                var rawBare = new List<double>();
                for (var r = 0; r < repeat; r++)
                {
                    var label = $"{workers} × {name}";
                    ours.Add(tasks / (await cpu.MeasureAsync($"dispatch path, {label}", tasks, fleet.Folders,
                        () => dispatch.RunAsync(tasks, command, queueDirectory, Timeout))).TotalSeconds);
                    throughServices.Add(tasks / (await cpu.MeasureAsync($"through the services, {label}", tasks, services.Workers.Folders,
                        () => services.RunAsync(tasks, command, Timeout))).Elapsed.TotalSeconds);
                    rawProcess.Add(tasks / (await cpu.MeasureAsync($"raw MassTransit, {label}", tasks, [], () => raw.RunAsync(tasks, command, Timeout))).TotalSeconds);
                    rawBare.Add(tasks / (await raw.RunAsync(tasks, command: null, Timeout)).TotalSeconds);
                }
                var (o, sv, p, b) = (Stats.Median(ours), Stats.Median(throughServices), Stats.Median(rawProcess), Stats.Median(rawBare));
                perWorkers[(name, workers)] = sv;
                perWorkersDispatch[(name, workers)] = o;
                rows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {workers} | {name} | {sv:F1} | {sv / p:F2}× | {o:F1} | {o / p:F2}× | {p:F1} | {b:F0} | {MachineLoad.Describe()} |"));
                Console.WriteLine(rows[^1]);
            }
        }
        Console.WriteLine();
        Console.WriteLine("| workers | tasks | through the services, tasks/s | ratio | dispatch path, tasks/s | ratio | raw MassTransit, same command, /s | raw MassTransit, no command, /s | load |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var row in rows) Console.WriteLine(row);
        foreach (var (path, figures) in new[] { ("through the services", perWorkers), ("dispatch path", perWorkersDispatch) })
        {
            foreach (var (name, _) in kinds)
            {
                if (figures.TryGetValue((name, workerCounts[0]), out var first) && figures.TryGetValue((name, workerCounts[^1]), out var last))
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}, {name}: {workerCounts[0]} → {workerCounts[^1]} workers: {last / first:F2}×"));
            }
        }
        if (showCpu)
        {
            // What the services cost doing nothing: it falls on every case above, the raw baseline's included.
            await cpu.IdleAsync(TimeSpan.FromSeconds(10), [.. fleet.Folders, .. services.Workers.Folders]);
            Console.WriteLine();
            Console.WriteLine("CPU per task, ms (summed over the repeats):");
            cpu.Print(Console.Out);
        }
        return 0;
    }
}
