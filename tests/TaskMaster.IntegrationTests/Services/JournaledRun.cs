using StackExchange.Redis;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Runs;
using TaskMaster.IntegrationTests.Storage;
using TaskMaster.Redis;

namespace TaskMaster.IntegrationTests.Services;

/// <summary>
/// A run of the cluster as the scheduler service keeps it in Redis: its entry in the run catalog and
/// its events in its journal (<see cref="RedisEventJournal"/>), each flushed as the scheduler flushes
/// them. Its queue (two tasks, b after a) is a file in a folder of its own, as on the shared volume.
/// </summary>
internal sealed class JournaledRun : IAsyncDisposable
{
    private readonly RedisEventJournal _journal;

    private JournaledRun(string runId, QueueDefinition queue, RedisEventJournal journal)
    {
        (RunId, Queue, _journal) = (runId, queue, journal);
    }

    public string RunId { get; }

    public QueueDefinition Queue { get; }

    public static async Task<JournaledRun> StartAsync(IConnectionMultiplexer redis, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "task-queue.md");
        await File.WriteAllTextAsync(path, "# Queue: monitored\n\n### a: First\n- run: `true`\n\n### b: Second\n- depends: a\n- run: `true`\n", cancellationToken);
        var queue = QueueParser.ParseFile(path).Queue ?? throw new InvalidOperationException("the test's queue does not parse");
        var runId = TestRuns.NewId();
        var now = DateTimeOffset.UtcNow;
        await new RedisRunCatalog(redis).AddAsync(new RunEntry(runId, queue.Name, now), cancellationToken);
        var run = new JournaledRun(runId, queue, await RedisEventJournal.OpenAsync(redis, runId, cancellationToken));
        await run.WriteAsync([new RunStarted(now, runId, queue.Name, queue.SourcePath, queue.ContentHash, queue.Tasks.Count, 2, Autonomous: true)], cancellationToken);
        return run;
    }

    /// <summary>Appends the events and flushes them: they are in the run's stream when this returns.</summary>
    public async Task WriteAsync(IEnumerable<RunEvent> events, CancellationToken cancellationToken)
    {
        foreach (var e in events) _journal.Append(e);
        await _journal.FlushAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _journal.DisposeAsync();
}
