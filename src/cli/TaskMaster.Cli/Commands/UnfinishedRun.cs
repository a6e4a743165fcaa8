using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Cli.Commands;

/// <summary>How the home's unfinished run stands to the queue <c>execute</c> was given.</summary>
internal enum QueueRelation
{
    /// <summary>The very queue it ran (same content), wherever the file is now.</summary>
    Same,

    /// <summary>The same file, edited since the run started.</summary>
    Changed,

    /// <summary>Another queue file.</summary>
    Other,
}

/// <summary>The home's current run, when it did not finish, as its journal's start records it.</summary>
internal sealed record UnfinishedRun(string RunId, string QueueName, string QueuePath, string QueueHash)
{
    public static UnfinishedRun? Find(HomeLayout home)
    {
        if (!File.Exists(home.CurrentRunFile)) return null;
        var runId = File.ReadAllText(home.CurrentRunFile).Trim();
        var journal = JournalFiles.Of(home, runId);
        if (!File.Exists(journal.Path)) return null;
        // A damaged journal reads as unfinished: resuming it is refused with the damage, never passed over.
        var read = JournalReader.Read(journal);
        if (read.Events.Count == 0 || read.Events[0] is not RunStarted started || RunOutcome.Completed(read.Events)) return null;
        return new UnfinishedRun(runId, started.QueueName, started.QueuePath, started.QueueHash);
    }

    public QueueRelation RelationTo(QueueDefinition queue) =>
        QueueHash == queue.ContentHash ? QueueRelation.Same
        : string.Equals(Path.GetFullPath(QueuePath), queue.SourcePath, StringComparison.Ordinal) ? QueueRelation.Changed
        : QueueRelation.Other;

    /// <summary>What <c>execute</c> says first when it starts a new run while this one is unfinished.</summary>
    public string NoteOnNewRun(QueueDefinition queue, string display) => RelationTo(queue) switch
    {
        QueueRelation.Same => $"Note: run {RunId} of this queue did not finish; starting a new run. {RunId} stays resumable: task-master resume --run {RunId}" +
                              " (or execute --resume-on-failure, which continues it instead of starting anew).",
        QueueRelation.Changed => $"Note: run {RunId} of {display} did not finish, and the file changed since it started (queue hash {Short(QueueHash)} then, " +
                                 $"{Short(queue.ContentHash)} now); starting a new run of the changed queue. {RunId} stays resumable with the queue it ran: " +
                                 $"task-master resume --run {RunId} (with --queue FILE if that content is now elsewhere).",
        _ => $"Note: the home's unfinished run {RunId} is of another queue ({QueuePath}); starting a new run of this one. " +
             $"{RunId} stays resumable: task-master resume --run {RunId}.",
    };

    public void PrintChangedQueueRefusal(TextWriter output, QueueDefinition queue, string display, HomeLayout home)
    {
        output.WriteLine($"task-master: --resume-on-failure: the unfinished run {RunId} started from {display} with queue hash {Short(QueueHash)}, " +
                         $"and the file now has hash {Short(queue.ContentHash)}: a run goes on only with the queue it started with, so nothing was run.");
        output.WriteLine($"  To continue {RunId}: put its queue back (or name a copy with --queue) and run task-master resume --run {RunId} --home {home.Home}");
        output.WriteLine($"  To run the changed queue from its start instead: task-master execute --queue {display} --home {home.Home} (without --resume-on-failure); " +
                         $"{RunId} stays resumable with task-master resume --run {RunId}");
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
