using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Queue.Cache;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.LocalHome;

namespace TaskMaster.Checkpoint.Resume;

/// <summary>The outcome of planning a resume: a plan, or why nothing can be resumed.</summary>
public sealed record ResumePlanResult(ResumePlan? Plan, IReadOnlyList<string> Problems)
{
    /// <summary>Set when the resume is refused because the journal is damaged.</summary>
    public JournalDamage? JournalDamage { get; init; }

    /// <summary>With <see cref="JournalDamage"/>, when there is something before it to go on from: what accepting the loss would lose.</summary>
    public JournalLoss? JournalLoss { get; init; }

    /// <summary>Set when the run's checkpoints were refused because its queue file is no longer the one it ran.</summary>
    public QueueChange? QueueChanged { get; init; }
}

/// <summary>A run's queue file has other content than when the run was checkpointed: the hashes, short, now and then.</summary>
public sealed record QueueChange(string RunId, string Path, string HashNow, string HashOfTheRun);

/// <summary>
/// Finds what to resume and checks it all before anything runs: the checkpoint (schema, version,
/// checksum), that the queue file is the one it was taken from, and that the journal continues it
/// and is whole. Never falls back to starting over, and never goes on past a damaged journal record
/// unless asked to: if nothing valid is found, it says why.
/// </summary>
public static class ResumePlanner
{
    public static Task<ResumePlanResult> PlanAsync(
        HomeLayout home, FileCheckpointStore store, string? checkpointFile, string? queueFile, CancellationToken cancellationToken = default) =>
        PlanAsync(home, store, new ResumeRequest { CheckpointFile = checkpointFile, QueueFile = queueFile }, cancellationToken);

    /// <param name="runId">The run to resume; null for the home's newest run. A named run's checkpoints are the only ones read.</param>
    public static Task<ResumePlanResult> PlanAsync(
        HomeLayout home, FileCheckpointStore store, string? checkpointFile, string? queueFile, string? runId, CancellationToken cancellationToken = default) =>
        PlanAsync(home, store, new ResumeRequest { CheckpointFile = checkpointFile, QueueFile = queueFile, RunId = runId }, cancellationToken);

    public static async Task<ResumePlanResult> PlanAsync(
        HomeLayout home, FileCheckpointStore store, ResumeRequest request, CancellationToken cancellationToken = default)
    {
        var queues = new Dictionary<string, Task<QueueParseResult>>(StringComparer.Ordinal);
        try
        {
            return await PlanAsync(home, store, request, queues, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // A queue read ahead on the other core may not have been needed (every checkpoint refused
            // before its queue was checked); it still writes the home's cache, so it ends before the plan does.
            await ((Task)Task.WhenAll(queues.Values)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task<ResumePlanResult> PlanAsync(
        HomeLayout home, FileCheckpointStore store, ResumeRequest request,
        Dictionary<string, Task<QueueParseResult>> queues, CancellationToken cancellationToken)
    {
        var (checkpointFile, queueFile) = (request.CheckpointFile, request.QueueFile);
        var runId = request.RunId ?? (File.Exists(home.CurrentRunFile) ? (await File.ReadAllTextAsync(home.CurrentRunFile, cancellationToken).ConfigureAwait(false)).Trim() : null);
        if (request.RunId is { } named && !File.Exists(home.JournalPath(named)))
            return Fail($"no run '{named}' in {home.Home}");
        var cache = new QueueCache(home.QueueCacheDirectory);
        QueueParseResult QueueAt(string path) =>
            (queues.TryGetValue(path, out var parsed) ? parsed : queues[path] = Task.FromResult(cache.ParseFile(path))).GetAwaiter().GetResult();
        // The run's queue is read (from the home's cache, usually) on the other core while its newest checkpoint loads.
        if (checkpointFile is null && runId is not null && QueueOfRun(home, runId, queueFile) is { } likely)
            queues[likely] = Task.Run(() => cache.ParseFile(likely), cancellationToken);
        JournalFiles FilesOf(string journalPath) => JournalFiles.At(journalPath, store.MirrorDirectory);
        QueueChange? queueChanged = null;

        string? Check(CheckpointDocument doc)
        {
            var path = queueFile ?? doc.Queue.Path;
            if (!File.Exists(path)) return $"its queue file {path} does not exist (name it with --queue)";
            var parsed = QueueAt(path);
            if (!parsed.IsValid) return $"its queue file {path} is no longer valid ({parsed.Errors.Count} errors; run task-master validate)";
            if (parsed.Queue!.ContentHash != doc.Queue.Hash)
            {
                queueChanged ??= new QueueChange(doc.RunId, path, Short(parsed.Queue.ContentHash), Short(doc.Queue.Hash));
                return $"the queue file {path} changed since the checkpoint (hash {Short(parsed.Queue.ContentHash)}, checkpoint has {Short(doc.Queue.Hash)})";
            }
            // A named file may be of any run, unless --run says which.
            if ((checkpointFile is null || request.RunId is not null) && runId is not null && doc.RunId != runId)
                return $"it belongs to run {doc.RunId}, not to {(request.RunId is null ? "the newest run" : "run")} {runId}";
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
            : journals[path] = File.Exists(path) ? (after, JournalReader.Read(FilesOf(path), afterSequence: after)) : null;

        var load = checkpointFile is not null ? await store.LoadAsync(checkpointFile, Check, cancellationToken).ConfigureAwait(false)
            : request.RunId is not null ? await store.LoadNewestValidOfRunAsync(request.RunId, Check, cancellationToken).ConfigureAwait(false)
            : await store.LoadNewestValidAsync(Check, cancellationToken).ConfigureAwait(false);
        if (!load.Found)
        {
            // No checkpoint written yet (the executor died within moments of starting), or none before
            // a damaged record: the journal alone is the record. Invalid checkpoints, though, are never silently passed over.
            var damaged = runId is not null && journals.GetValueOrDefault(home.JournalPath(runId)) is { Read.Damage: not null };
            if (checkpointFile is null && (load.Refused.Count == 0 || damaged) && runId is not null
                && FromJournalOnly(home, runId, queueFile, QueueAt, FilesOf(home.JournalPath(runId)), request, damaged ? load.Describe() : null) is { } journalOnly)
                return journalOnly;
            if (damaged && journals[home.JournalPath(runId!)]!.Value.Read.Damage is { } first)
                return new ResumePlanResult(null, [$"the journal is damaged: {first.Describe()}; nothing before it can be resumed from ({load.Describe()})"]) { JournalDamage = first };
            return Fail(load.Describe()) with { QueueChanged = queueChanged };
        }
        var checkpoint = load.Document;
        var journalPath = Path.Combine(home.Home, checkpoint.Journal.File);
        if (!File.Exists(journalPath))
            return Fail($"the journal {journalPath} that checkpoint {load.Path} continues is missing");
        var journal = ReadJournal(journalPath, checkpoint.Journal.Position) is { } checkedRead && checkedRead.After == checkpoint.Journal.Position
            ? checkedRead.Read
            : JournalReader.Read(FilesOf(journalPath), afterSequence: checkpoint.Journal.Position);
        var journalEnd = journal.LastSequence;
        if (journalEnd < checkpoint.Journal.Position)
            return Fail((journal.Damage is { } before ? $"{before.Describe()}; " : "") +
                        $"the journal {journalPath} ends at event {journalEnd} but checkpoint {load.Path} covers up to {checkpoint.Journal.Position}: " +
                        "the journal was cut or replaced; name an older checkpoint with --from-checkpoint");

        var notes = new List<string>();
        if (load.Refused.Count > 0) notes.Add(load.Describe());
        var queue = QueueAt(queueFile ?? checkpoint.Queue.Path).Queue!;
        var replay = checkpointFile is null ? journal.Events : [];
        if (checkpointFile is not null && journalEnd > checkpoint.Journal.Position)
            notes.Add($"{journalEnd - checkpoint.Journal.Position} journal events after this checkpoint are set aside (kept in {Path.GetFileName(journalPath)}.cut-{checkpoint.Journal.Position})");
        var plan = new ResumePlan(queue, checkpoint, load.Path, checkpointFile is not null, journal, replay, FilesOf(journalPath), notes);
        return Verdict(plan, journal, request, null);

        static ResumePlanResult Fail(string problem) => new(null, [problem]);
    }

    /// <summary>
    /// The journal's verdict on a plan: repairs are noted; damage refuses it, unless the loss is
    /// accepted (or a named checkpoint sets that part aside anyway), and says what would be lost.
    /// </summary>
    private static ResumePlanResult Verdict(ResumePlan plan, JournalReadResult journal, ResumeRequest request, string? fellBack)
    {
        if (fellBack is not null) plan.Note(fellBack);
        foreach (var repair in journal.Repairs.Take(10))
            plan.Note($"journal line {repair.Line} (event {repair.Sequence}) is damaged ({repair.Problem}) and is read from its mirror; " +
                      $"the journal is repaired when the run goes on (the damaged file kept as {Path.GetFileName(plan.JournalPath)}.damaged-{journal.Repairs[0].Sequence})");
        if (journal.Repairs.Count > 10) plan.Note($"{journal.Repairs.Count - 10} more journal records are read from its mirror");
        if (journal.Damage is not { } damage) return new ResumePlanResult(plan, []);
        if (plan.FromNamedFile)
        {
            plan.Note($"the journal is damaged after this checkpoint ({damage.Describe()}); that part is set aside with the rest");
            return new ResumePlanResult(plan, []);
        }

        var loss = JournalLoss.Assess(damage, plan.BuildState(), plan.Queue, JournalReader.Read(plan.Journal).Events, plan.JournalPath);
        if (!request.DiscardDamagedJournal)
            return new ResumePlanResult(null, [$"the journal is damaged: {damage.Describe()}"]) { JournalDamage = damage, JournalLoss = loss };
        plan.JournalLoss = loss;
        return new ResumePlanResult(plan, []);
    }

    /// <summary>The plan from the journal alone, from its start; null when there is no journal with a start to go on.</summary>
    private static ResumePlanResult? FromJournalOnly(
        HomeLayout home, string runId, string? queueFile, Func<string, QueueParseResult> queueAt, JournalFiles files, ResumeRequest request, string? fellBack)
    {
        if (!File.Exists(files.Path)) return null;
        var journal = JournalReader.Read(files);
        if (journal.Events.Count == 0 || journal.Events[0] is not RunStarted started) return null;
        var path = queueFile ?? started.QueuePath;
        if (!File.Exists(path)) return new(null, [$"run {runId} has no checkpoint and its queue file {path} does not exist (name it with --queue)"]);
        var parsed = queueAt(path);
        if (!parsed.IsValid || parsed.Queue!.ContentHash != started.QueueHash)
            return new(null, [$"run {runId} has no checkpoint and its queue file {path} changed since it started"]);
        var origin = CheckpointBuilder.Build(new RunState(parsed.Queue), new CheckpointContext(
            0, "journal-only", started.At, Path.GetRelativePath(home.Home, files.Path), started.Concurrency, 0, 0,
            new Dictionary<string, TaskIntermediateResult>(), new SystemMetrics { MemoryUsage = "unknown" }, "", null)) with { RunId = runId };
        var notes = new List<string> { $"no checkpoint was written before the executor stopped; the whole journal is replayed ({journal.Events.Count} events)" };
        return Verdict(new ResumePlan(parsed.Queue, origin, "(no checkpoint: the journal from its start)", fromNamedFile: false,
            journal, journal.Events, files, notes), journal, request, fellBack);
    }

    /// <summary>The queue file the run started with (or the one named), when its journal says and the file is there.</summary>
    private static string? QueueOfRun(HomeLayout home, string runId, string? queueFile)
    {
        try
        {
            var path = queueFile ?? (File.Exists(home.JournalPath(runId)) && JournalReader.ReadFirst(home.JournalPath(runId)) is RunStarted started ? started.QueuePath : null);
            return path is not null && File.Exists(path) ? path : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
