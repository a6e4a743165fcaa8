using System.Globalization;

namespace TaskMaster.Benchmarks.Cluster;

/// <summary>
/// Where a run's CPU goes, per task: this process (the dispatch path's dispatcher, the raw baseline's
/// publisher and consumers with their commands, or only the gRPC client), the worker services with
/// their tasks, the scheduler service, its storage (checkpoint service, Redis, s3rver) and the broker.
/// Summed over the repeats of a case, so a 10 ms clock tick weighs little.
/// </summary>
internal sealed class CpuBreakdown(IReadOnlyList<string?> schedulerFolders, IReadOnlyList<string?> storageFolders, string? brokerFolder)
{
    private static readonly string[] Parts = ["this process", "workers", "scheduler service", "checkpoint, Redis, s3rver", "broker"];
    private readonly Dictionary<string, (double[] Seconds, int Tasks)> _cases = [];
    private readonly List<string> _order = [];

    /// <summary>Runs <paramref name="run"/> and books its CPU to <paramref name="name"/>; <paramref name="workers"/>: the folders of the worker services it uses.</summary>
    public async Task<T> MeasureAsync<T>(string name, int tasks, IReadOnlyList<string?> workers, Func<Task<T>> run)
    {
        var before = Read(workers);
        var result = await run();
        var after = Read(workers);
        if (!_cases.TryGetValue(name, out var total))
        {
            total = (new double[Parts.Length], 0);
            _order.Add(name);
        }
        for (var i = 0; i < Parts.Length; i++) total.Seconds[i] += after[i] - before[i];
        _cases[name] = (total.Seconds, total.Tasks + tasks);
        return result;
    }

    /// <summary>
    /// The CPU of everything left idle for <paramref name="window"/> (a measuring window, nothing awaited),
    /// booked as if one task had run each millisecond: the per-task columns then read as ms per second.
    /// </summary>
    public Task IdleAsync(TimeSpan window, IReadOnlyList<string?> workers) =>
        MeasureAsync(string.Create(CultureInfo.InvariantCulture, $"idle for {window.TotalSeconds:0} s, ms per second"), (int)window.TotalMilliseconds / 1000, workers, async () =>
        {
            await Task.Delay(window);
            return 0;
        });

    public void Print(TextWriter output)
    {
        output.WriteLine($"| case | {string.Join(" | ", Parts)} | total |");
        output.WriteLine($"| --- |{string.Concat(Enumerable.Repeat(" --- |", Parts.Length + 1))}");
        foreach (var name in _order)
        {
            var (seconds, tasks) = _cases[name];
            var perTask = seconds.Select(s => s * 1000 / tasks).ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {string.Join(" | ", perTask.Select(ms => ms.ToString("F2", CultureInfo.InvariantCulture)))} | {perTask.Sum():F2} |"));
        }
    }

    private double[] Read(IReadOnlyList<string?> workers) =>
    [
        ProcessTreeCpu.Read().TotalSeconds,
        SessionCpu.Read(workers).TotalSeconds,
        SessionCpu.Read(schedulerFolders).TotalSeconds,
        SessionCpu.Read(storageFolders).TotalSeconds,
        SessionCpu.Read([brokerFolder]).TotalSeconds,
    ];
}
