using System.Globalization;
using TaskMaster.Benchmarks.Durability;
using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Testing.Servers;
using static TaskMaster.Benchmarks.BenchmarkCommand;
using TaskStarted = TaskMaster.Core.Events.TaskStarted;

namespace TaskMaster.Benchmarks.Cluster;

/// <summary>
/// <c>cluster-latency [--repeat R] [--kills K] [--workers W]</c>, through the real services
/// (<see cref="ServicePath"/>): submit → the first task's start, over R one-task runs (p50, p95), and a
/// worker's SIGKILL mid-task → the attempt started again on another worker, over K kills (median).
/// Every time is taken from the run's events as WatchRun streams them (their <c>At</c>, the
/// scheduler's clock; this process's clock on the same machine marks the submit and the kill).
/// </summary>
internal static class ClusterLatencySuite
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    // Says which worker holds each attempt; the first runs until its worker is killed, the next ends at once.
    private const string Outliver =
        "echo \"$TASKMASTER_HOME\" > holder.tmp; mv holder.tmp holder-$TASKMASTER_ATTEMPT; " +
        "if [ \"$TASKMASTER_ATTEMPT\" = 1 ]; then exec sleep 120; fi";

    public static async Task<int> RunAsync(string[] args)
    {
        var repeat = IntArg(args, "--repeat", 20);
        var kills = IntArg(args, "--kills", 5);
        var workers = Math.Max(2, IntArg(args, "--workers", 2));
        Console.WriteLine($"cluster-latency: {workers} workers, {repeat} submits, {kills} kills; {MachineLoad.Describe()}");

        await using var root = new ServerRoot("bench-latency");
        var broker = await RabbitMqServer.StartAsync(root);
        var token = Path.Combine(root.Folder, "token");
        TaskMaster.Core.Storage.PrivateFiles.WriteAllText(token, Guid.NewGuid().ToString("N"));
        await using var services = await ServicePath.StartAsync(root, broker, token, concurrency: 1);
        await services.Workers.GrowToAsync(workers);
        // Unmeasured: connections, queues and JIT warm before the figures.
        await services.RunAsync(20, "true", Timeout);

        var toStart = new List<double>();
        var toResult = new List<double>();
        for (var r = 0; r < repeat; r++)
        {
            var (start, result) = await SubmitToStartAsync(services);
            toStart.Add(start);
            toResult.Add(result);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"submit {r + 1}: start {start:F1} ms, result {result:F1} ms"));
        }
        var toLost = new List<double>();
        var toRestart = new List<double>();
        for (var k = 0; k < kills; k++)
        {
            var (lost, restart) = await KillToRestartAsync(services);
            toLost.Add(lost);
            toRestart.Add(restart);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kill {k + 1}: lost after {lost:F0} ms, running again after {restart:F0} ms"));
        }

        Console.WriteLine();
        Console.WriteLine("| what | runs | p50 ms | p95 ms |");
        Console.WriteLine("| --- | --- | --- | --- |");
        Row("submit → first TaskStarted (journaled, sent to the workers)", toStart);
        Row("submit → first TaskSucceeded (a `true` task ran on a worker and its result is journaled)", toResult);
        Row("worker SIGKILL → its attempt failed as WorkerLost", toLost);
        Row("worker SIGKILL → the next attempt's TaskStarted", toRestart);
        Console.WriteLine(MachineLoad.Describe());
        return 0;
    }

    private static void Row(string what, List<double> values) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {values.Count} | {Stats.Median(values):F1} | {Stats.Percentile(values, 0.95):F1} |"));

    /// <summary>One run of one no-op task: ms from the submit call to its start and to its success.</summary>
    private static async Task<(double Start, double Result)> SubmitToStartAsync(ServicePath services)
    {
        var (text, path) = services.WriteQueue(1, "true", retries: 0);
        var submitted = TimeProvider.System.GetUtcNow();
        var runId = await services.SubmitAsync(text, path, concurrency: 1);
        var events = await services.WatchToEndAsync(runId, Timeout);
        var started = events.OfType<TaskStarted>().First();
        var succeeded = events.OfType<TaskSucceeded>().First();
        return ((started.At - submitted).TotalMilliseconds, (succeeded.At - submitted).TotalMilliseconds);
    }

    /// <summary>A task whose first attempt's worker is killed: ms from the kill to the loss and to the next attempt's start.</summary>
    private static async Task<(double Lost, double Restart)> KillToRestartAsync(ServicePath services)
    {
        var (text, path) = services.WriteQueue(1, Outliver, retries: 2);
        var folder = Path.GetDirectoryName(path)!;
        using var holder = new FileAppearance(folder, "holder-1");
        var runId = await services.SubmitAsync(text, path, concurrency: 1);
        var home = (await holder.WaitAsync(Timeout)).Trim();
        var index = Enumerable.Range(0, services.Workers.Processes.Count).Single(i => services.Workers.HomeOf(i) == home);
        var killed = services.Workers.Processes[index];
        var killedAt = TimeProvider.System.GetUtcNow();
        await killed.KillAsync();
        try
        {
            var events = await services.WatchToEndAsync(runId, Timeout);
            var lost = events.OfType<TaskFailed>().Single(f => f.Kind == TaskFailureKind.WorkerLost);
            var again = events.OfType<TaskStarted>().Single(s => s.Attempt == 2);
            if (events[^1] is not RunCompleted { Succeeded: true })
                throw new InvalidOperationException($"run {runId} did not succeed after the kill: {services.Scheduler.LogTail()}");
            return ((lost.At - killedAt).TotalMilliseconds, (again.At - killedAt).TotalMilliseconds);
        }
        finally
        {
            // Started again, it kills the first attempt's process, which outlived it (a session of its own), before it takes work.
            await killed.StartAgainAsync();
        }
    }
}
