using Microsoft.Extensions.Logging;
using TaskMaster.Checkpoint;
using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Runs;
using TaskMaster.Core.Scheduling;
using TaskMaster.Scheduler.Runs;
using TaskMaster.Worker;
using TaskMaster.LocalHome;

namespace TaskMaster.Embedded.Scheduler;

/// <summary>
/// The scheduler service's adapters made of the local parts, under one state folder laid out as a
/// home: each run's journal (fsynced, <c>runs/&lt;id&gt;/journal.jsonl</c>), its checkpoint files
/// (<c>runs/&lt;id&gt;/checkpoints</c>), its submission, the catalog, and attempts run as processes on
/// this machine. For one machine, for tests, and until the cluster's adapters are plugged in.
/// </summary>
public sealed class LocalSchedulerAdapters(string stateDirectory, TimeProvider time, ILoggerFactory loggerFactory) : ISchedulerAdapters
{
    private readonly HomeLayout _home = new(stateDirectory);

    public IRunCatalog Catalog { get; } = new FileRunCatalog(Path.Combine(stateDirectory, "catalog"));

    public IRunEventStream Events { get; } = new FileRunEventStream(runId => JournalFiles.Single(new HomeLayout(stateDirectory).JournalPath(runId)), time);

    public IRunSubmissionStore Submissions { get; } = new FileRunSubmissions(new HomeLayout(stateDirectory));

    public ValueTask<RunAdapters> OpenRunAsync(string runId, bool resuming, Func<long> fencingToken, CancellationToken cancellationToken)
    {
        var path = _home.JournalPath(runId);
        // What a killed scheduler left running must not run twice beside the attempts started again.
        if (resuming) ProcessTaskExecutor.KillLeftoversOf(_home, runId);
        var journal = resuming && File.Exists(path)
            ? FileEventJournal.OpenForAppend(JournalFiles.Single(path), logger: loggerFactory.CreateLogger<FileEventJournal>()).Journal
            : FileEventJournal.Create(JournalFiles.Single(path), loggerFactory.CreateLogger<FileEventJournal>());
        var executor = new ProcessTaskExecutor(new ProcessExecutorOptions { Home = _home }, time, loggerFactory.CreateLogger<ProcessTaskExecutor>());
        var checkpoints = new LocalRunCheckpoints(runId,
            new FileCheckpointStore(new CheckpointStoreOptions { PrimaryDirectory = Path.Combine(_home.RunDirectory(runId), "checkpoints") },
                time, loggerFactory.CreateLogger<FileCheckpointStore>()));
        return ValueTask.FromResult(new RunAdapters(journal, Path.GetRelativePath(_home.Home, path), executor, checkpoints, _home));
    }
}
