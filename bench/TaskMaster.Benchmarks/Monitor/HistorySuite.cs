using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.History;

namespace TaskMaster.Benchmarks.Monitor;

/// <summary>
/// The <c>history</c> suite: what one <c>GET /api/v1/history</c> costs on a large run's journal
/// (<c>--tasks</c> finished tasks, a start and a success each). Rebuilt from the whole journal at each
/// request (what every request did before <see cref="JournalHistory"/>) against the incremental
/// endpoint, with nothing or <c>--appended</c> tasks appended since the previous request; both as the
/// history read alone and as a real HTTP request (JSON included). Cases take turns; medians.
/// </summary>
internal static class HistorySuite
{
    private const string RunId = "run-20261125-000000-hist";

    private static readonly DateTimeOffset Start = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(int tasks, int appended, int repeat)
    {
        var root = Path.Combine(Path.GetTempPath(), "taskmaster-bench-history", Guid.NewGuid().ToString("n"));
        var home = new HomeLayout(root);
        try
        {
            var next = await WriteJournalAsync(home, tasks);
            Console.Error.WriteLine($"journal: {new FileInfo(home.JournalPath(RunId)).Length / 1e6:0.0} MB, {2 * tasks + 1:N0} events");
            var incremental = new JournalHistory(home, RunId);
            await using var app = await StartAsync(home);
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(5) };
            var cases = new (string Name, Func<Task> Measure, bool Append)[]
            {
                ("history read: full rebuild (before)", () => Task.FromResult(HistoryBuilder.Build(home, RunId)), false),
                ("history read: incremental, nothing appended", () => Task.FromResult(incremental.Read()), false),
                ($"history read: incremental, {appended:N0} tasks appended", () => Task.FromResult(incremental.Read()), true),
                ("HTTP request: full rebuild (before)", () => http.GetByteArrayAsync("full"), false),
                ("HTTP request: incremental, nothing appended", () => http.GetByteArrayAsync("api/v1/history"), false),
                ($"HTTP request: incremental, {appended:N0} tasks appended", () => http.GetByteArrayAsync("api/v1/history"), true),
            };
            var times = cases.Select(_ => new List<double>()).ToArray();
            for (var round = -2; round < repeat; round++)
            {
                for (var c = 0; c < cases.Length; c++)
                {
                    if (cases[c].Append) next = await AppendTasksAsync(home, next, appended);
                    CleanHeap.Collect();
                    var watch = Stopwatch.StartNew();
                    await cases[c].Measure();
                    var ms = watch.Elapsed.TotalMilliseconds;
                    // Two warm-up rounds first: the JIT, and the incremental reader's first (whole) read.
                    if (round < 0) continue;
                    times[c].Add(ms);
                    Console.Error.WriteLine($"repeat {round + 1}/{repeat}: {cases[c].Name}: {ms:0.0} ms");
                }
            }
            Console.WriteLine($"| case ({tasks:N0}-task journal) | median ms |");
            Console.WriteLine("| --- | ---: |");
            for (var c = 0; c < cases.Length; c++) Console.WriteLine($"| {cases[c].Name} | {Stats.Median(times[c]):0.0} |");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<WebApplication> StartAsync(HomeLayout home)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapMonitorInsights(home, RunId);
        app.MapGet("/full", () => Results.Json(HistoryBuilder.Build(home, RunId), InsightsJson.Options));
        await app.StartAsync();
        return app;
    }

    private static async Task<int> WriteJournalAsync(HomeLayout home, int tasks)
    {
        await using var journal = FileEventJournal.Create(home.JournalPath(RunId));
        journal.Append(new RunStarted(Start, RunId, "history", "queue.md", "hash", tasks, 256, false));
        await journal.FlushAsync();
        return await AppendTasksAsync(journal, 0, tasks);
    }

    private static async Task<int> AppendTasksAsync(HomeLayout home, int first, int count)
    {
        var (journal, _) = FileEventJournal.OpenForAppend(home.JournalPath(RunId));
        await using (journal) return await AppendTasksAsync(journal, first, count);
    }

    private static async Task<int> AppendTasksAsync(FileEventJournal journal, int first, int count)
    {
        for (var i = first; i < first + count; i++)
        {
            var id = $"task-{i:D6}";
            journal.Append(new TaskStarted(Start.AddMilliseconds(i), id, 1));
            journal.Append(new TaskSucceeded(Start.AddMilliseconds(i + 5), id, 1, 0, TimeSpan.FromMilliseconds(5)));
        }
        await journal.FlushAsync();
        return first + count;
    }
}
