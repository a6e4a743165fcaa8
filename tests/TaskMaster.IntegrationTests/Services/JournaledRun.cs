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
/// them, or the journal handed to a real scheduler. Its queue (by default two tasks, b after a) is a
/// file in a folder of its own, as on the shared volume. Linked into the dashboard's tests.
/// </summary>
internal sealed class JournaledRun : IAsyncDisposable
{
    public const string TwoTasks = "# Queue: monitored\n\n### a: First\n- run: `true`\n\n### b: Second\n- depends: a\n- run: `true`\n";

    private JournaledRun(string runId, QueueDefinition queue, RedisEventJournal journal)
    {
        (RunId, Queue, Journal) = (runId, queue, journal);
    }

    public string RunId { get; }

    public QueueDefinition Queue { get; }

    /// <summary>The run's journal, for a scheduler to journal into.</summary>
    public RedisEventJournal Journal { get; }

    /// <summary>The run in the catalog, its queue written, nothing journaled yet.</summary>
    public static async Task<JournaledRun> CreateAsync(IConnectionMultiplexer redis, string folder, string queueMarkdown, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "task-queue.md");
        await File.WriteAllTextAsync(path, queueMarkdown, cancellationToken);
        var queue = QueueParser.ParseFile(path).Queue ?? throw new InvalidOperationException("the test's queue does not parse");
        var runId = TestRuns.NewId();
        await new RedisRunCatalog(redis).AddAsync(new RunEntry(runId, queue.Name, DateTimeOffset.UtcNow), cancellationToken);
        return new JournaledRun(runId, queue, await RedisEventJournal.OpenAsync(redis, runId, cancellationToken));
    }

    /// <summary>The run of <see cref="TwoTasks"/>, started: its <see cref="RunStarted"/> journaled.</summary>
    public static async Task<JournaledRun> StartAsync(IConnectionMultiplexer redis, string folder, CancellationToken cancellationToken)
    {
        var run = await CreateAsync(redis, folder, TwoTasks, cancellationToken);
        var queue = run.Queue;
        await run.WriteAsync([new RunStarted(DateTimeOffset.UtcNow, run.RunId, queue.Name, queue.SourcePath, queue.ContentHash, queue.Tasks.Count, 2, Autonomous: true)], cancellationToken);
        return run;
    }

    /// <summary>Appends the events and flushes them: they are in the run's stream when this returns.</summary>
    public async Task WriteAsync(IEnumerable<RunEvent> events, CancellationToken cancellationToken)
    {
        foreach (var e in events) Journal.Append(e);
        await Journal.FlushAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => Journal.DisposeAsync();
}
