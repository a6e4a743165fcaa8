using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Events;
using TaskMaster.Core.State;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Checkpoint.Resume;

/// <summary>The outcome of planning a resume: a plan, or why nothing can be resumed.</summary>
public sealed record ResumePlanResult(ResumePlan? Plan, IReadOnlyList<string> Problems);

/// <summary>
/// Finds what to resume and checks it all before anything runs: the checkpoint (schema, version,
/// checksum), that the queue file is the one it was taken from, and that the journal continues it.
/// Never falls back to starting over: if nothing valid is found, it says why.
/// </summary>
public static class ResumePlanner
{
    public static Task<ResumePlanResult> PlanAsync(
        HomeLayout home, FileCheckpointStore store, string? checkpointFile, string? queueFile, CancellationToken cancellationToken = default) =>
        PlanAsync(home, store, checkpointFile, queueFile, runId: null, cancellationToken);

    /// <param name="runId">The run to resume; null for the home's newest run. A named run's checkpoints are the only ones read.</param>
    public static async Task<ResumePlanResult> PlanAsync(
        HomeLayout home, FileCheckpointStore store, string? checkpointFile, string? queueFile, string? runId, CancellationToken cancellationToken = default)
    {
        var currentRun = runId ?? (File.Exists(home.CurrentRunFile) ? (await File.ReadAllTextAsync(home.CurrentRunFile, cancellationToken).ConfigureAwait(false)).Trim() : null);
        var queues = new Dictionary<string, QueueParseResult>(StringComparer.Ordinal);
        QueueParseResult QueueAt(string path) =>
            queues.TryGetValue(path, out var parsed) ? parsed : queues[path] = QueueParser.ParseFile(path);

        string? Check(CheckpointDocument doc)
        {
            var path = queueFile ?? doc.Queue.Path;
            if (!File.Exists(path)) return $"its queue file {path} does not exist (name it with --queue)";
            var parsed = QueueAt(path);
            if (!parsed.IsValid) return $"its queue file {path} is no longer valid ({parsed.Errors.Count} errors; run task-master validate)";
            if (parsed.Queue!.ContentHash != doc.Queue.Hash)
                return $"the queue file {path} changed since the checkpoint (hash {Short(parsed.Queue.ContentHash)}, checkpoint has {Short(doc.Queue.Hash)})";
            if (checkpointFile is null && currentRun is not null && doc.RunId != currentRun)
                return $"it belongs to run {doc.RunId}, not to {(runId is null ? "the newest run" : "run")} {currentRun}";
            // A checkpoint ahead of its journal (events folded but never made durable) cannot be continued.
            var end = ReadJournal(Path.Combine(home.Home, doc.Journal.File), doc.Journal.Position)?.Read.LastSequence;
            if (checkpointFile is null && end is { } last && doc.Journal.Position > last)
                return $"it covers journal event {doc.Journal.Position} but the journal ends at {last}";
            return null;
        }

        // Each journal is read once: the read that checks a checkpoint against the journal's end also
        // holds the events after it, which the replay reuses when that checkpoint is the one loaded.
        var journals = new Dictionary<string, (long After, JournalReadResult Read)?>(StringComparer.Ordinal);
        (long After, JournalReadResult Read)? ReadJournal(string path, long after) =>
            journals.TryGetValue(path, out var read) ? read
            : journals[path] = File.Exists(path) ? (after, JournalReader.Read(path, afterSequence: after)) : null;

        var load = checkpointFile is not null ? await store.LoadAsync(checkpointFile, Check, cancellationToken).ConfigureAwait(false)
            : runId is not null ? await store.LoadNewestValidOfRunAsync(runId, Check, cancellationToken).ConfigureAwait(false)
            : await store.LoadNewestValidAsync(Check, cancellationToken).ConfigureAwait(false);
        if (!load.Found)
        {
            // No checkpoint written yet (the executor died within moments of starting): the journal
            // alone is the exact record. Invalid checkpoints, though, are never silently passed over.
            if (checkpointFile is null && load.Refused.Count == 0 && currentRun is not null)
                return FromJournalOnly(home, currentRun, queueFile, QueueAt) ?? Fail(load.Describe());
            return Fail(load.Describe());
        }
        var checkpoint = load.Document;
        var notes = new List<string>();
        if (load.Refused.Count > 0) notes.Add(load.Describe());

        var journalPath = Path.Combine(home.Home, checkpoint.Journal.File);
        if (!File.Exists(journalPath))
            return Fail($"the journal {journalPath} that checkpoint {load.Path} continues is missing");
        var journal = ReadJournal(journalPath, checkpoint.Journal.Position) is { } checkedRead && checkedRead.After == checkpoint.Journal.Position
            ? checkedRead.Read
            : JournalReader.Read(journalPath, afterSequence: checkpoint.Journal.Position);
        var journalEnd = journal.LastSequence;
        if (journalEnd < checkpoint.Journal.Position)
            return Fail($"the journal {journalPath} ends at event {journalEnd} but checkpoint {load.Path} covers up to {checkpoint.Journal.Position}: " +
                        "the journal was cut or replaced; name an older checkpoint with --from-checkpoint");
        if (journal.Problem is not null && !journal.TornTail)
            notes.Add($"the journal is damaged after event {journalEnd} ({journal.Problem}); the rest is set aside and the run continues from event {journalEnd}");

        var queue = QueueAt(queueFile ?? checkpoint.Queue.Path).Queue!;
        var replay = checkpointFile is null ? journal.Events : [];
        if (checkpointFile is not null && journalEnd > checkpoint.Journal.Position)
            notes.Add($"{journalEnd - checkpoint.Journal.Position} journal events after this checkpoint are set aside (kept in {Path.GetFileName(journalPath)}.cut-{checkpoint.Journal.Position})");
        return new ResumePlanResult(new ResumePlan(queue, checkpoint, load.Path, checkpointFile is not null, replay, journalEnd, journalPath, notes), []);

        static ResumePlanResult Fail(string problem) => new(null, [problem]);
    }

    private static ResumePlanResult? FromJournalOnly(HomeLayout home, string runId, string? queueFile, Func<string, QueueParseResult> queueAt)
    {
        var journalPath = home.JournalPath(runId);
        if (!File.Exists(journalPath)) return null;
        var journal = JournalReader.Read(journalPath);
        if (journal.Events.Count == 0 || journal.Events[0] is not RunStarted started) return null;
        var path = queueFile ?? started.QueuePath;
        if (!File.Exists(path)) return new(null, [$"run {runId} has no checkpoint and its queue file {path} does not exist (name it with --queue)"]);
        var parsed = queueAt(path);
        if (!parsed.IsValid || parsed.Queue!.ContentHash != started.QueueHash)
            return new(null, [$"run {runId} has no checkpoint and its queue file {path} changed since it started"]);
        var origin = CheckpointBuilder.Build(new RunState(parsed.Queue), new CheckpointContext(
            0, "journal-only", started.At, Path.GetRelativePath(home.Home, journalPath), started.Concurrency, 0, 0,
            new Dictionary<string, TaskIntermediateResult>(), new SystemMetrics { MemoryUsage = "unknown" }, "", null)) with { RunId = runId };
        var notes = new List<string> { $"no checkpoint was written before the executor stopped; the whole journal is replayed ({journal.Events.Count} events)" };
        if (journal.Problem is not null && !journal.TornTail)
            notes.Add($"the journal is damaged after event {journal.LastSequence} ({journal.Problem}); the rest is set aside");
        return new(new ResumePlan(parsed.Queue, origin, "(no checkpoint: the journal from its start)", fromNamedFile: false,
            journal.Events, journal.LastSequence, journalPath, notes), []);
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
