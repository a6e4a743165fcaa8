using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskMaster.Core.Runs;

namespace TaskMaster.Monitor.Cluster;

/// <summary>
/// Every run of the cluster, for the monitor service: reads the run catalog every
/// <see cref="ClusterMonitorOptions.CatalogInterval"/> and follows each new run's event stream into a
/// <see cref="ClusterRun"/> of its own (the newest <see cref="ClusterMonitorOptions.MaxRuns"/>). Ready
/// once the catalog has been read once; a catalog that fails is read again at the next interval.
/// </summary>
public sealed partial class ClusterMonitor(
    IRunCatalog catalog, IRunEventStream stream, IRunQueueSource queues, IOptions<ClusterMonitorOptions> options,
    TimeProvider time, ILogger<ClusterMonitor> logger, IEnumerable<IRunViews>? views = null) : BackgroundService
{
    private readonly ConcurrentDictionary<string, ClusterRun> _runs = new(StringComparer.Ordinal);
    private readonly List<Task> _followers = [];
    private readonly TaskCompletionSource _firstRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _catalogReachable;
    private volatile TaskCompletionSource _catalogRead = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once the catalog has been read, and while its last read succeeded.</summary>
    public bool Ready => _firstRead.Task.IsCompleted && _catalogReachable;

    /// <summary>Completes when the catalog has been read once (every run then listed is being followed).</summary>
    public Task FirstRead => _firstRead.Task;

    /// <summary>Completes after the next read of the catalog, whether it succeeded or not.</summary>
    public Task NextCatalogRead => _catalogRead.Task;

    /// <summary>The runs known, the newest first.</summary>
    public IReadOnlyList<ClusterRun> Runs => [.. _runs.Values.OrderByDescending(r => r.Entry.StartedAt).ThenByDescending(r => r.RunId, StringComparer.Ordinal)];

    public bool TryGet(string runId, out ClusterRun run) => _runs.TryGetValue(runId, out run!);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await ReadCatalogAsync(stoppingToken).ConfigureAwait(false);
                Interlocked.Exchange(ref _catalogRead, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                await Task.Delay(options.Value.CatalogInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the followers see the same token.
        }
        Task[] followers;
        lock (_followers) followers = [.. _followers];
        await Task.WhenAll(followers).ConfigureAwait(false);
    }

    private async Task ReadCatalogAsync(CancellationToken cancellationToken)
    {
        List<RunEntry> entries = [];
        try
        {
            await foreach (var entry in catalog.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(entry);
                if (entries.Count == options.Value.MaxRuns) break;
            }
            _catalogReachable = true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _catalogReachable = false;
            LogCatalogFailed(logger, e.Message);
            return;
        }
        foreach (var entry in entries)
        {
            if (_runs.TryGetValue(entry.RunId, out var known))
            {
                known.Entry = entry;
                continue;
            }
            var run = new ClusterRun(entry, time, views);
            _runs[entry.RunId] = run;
            var follower = new RunFollower(run, stream, queues, time, logger);
            lock (_followers) _followers.Add(Task.Run(() => follower.RunAsync(cancellationToken), CancellationToken.None));
        }
        _firstRead.TrySetResult();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The run catalog could not be read; trying again: {Reason}")]
    private static partial void LogCatalogFailed(ILogger logger, string reason);
}
