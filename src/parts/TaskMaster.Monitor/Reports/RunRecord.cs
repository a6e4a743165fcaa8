using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.Runs;

namespace TaskMaster.Monitor.Reports;

/// <summary>A run as its home records it: its queue, its journal's events and their fold.</summary>
public sealed record RunRecord(string RunId, QueueDefinition Queue, IReadOnlyList<RunEvent> Events, RunState State, HomeLayout Home)
{
    /// <summary>Reads the run <paramref name="runId"/> of a home (its newest run when null).</summary>
    /// <returns>The run, or why it cannot be read (no runs, an unknown id with the known ones, a moved or changed queue).</returns>
    public static (RunRecord? Run, string? Problem) Load(HomeLayout home, string? runId)
    {
        var known = RunCatalog.KnownRuns(home);
        if (known.Count == 0)
            return (null, $"no runs in {home.Home}: nothing was executed with this home (task-master execute --queue FILE --home {home.Home})");
        runId ??= File.Exists(home.CurrentRunFile) ? File.ReadAllText(home.CurrentRunFile).Trim() : known[^1];
        if (!known.Contains(runId, StringComparer.Ordinal))
            return (null, $"no run '{runId}' in {home.Home}{NearestId.Hint(runId, known)}; known runs: {string.Join(", ", known.TakeLast(20))}");

        var read = JournalReader.Read(JournalFiles.Of(home, runId));
        if (read.Damage is { } damage)
            return (null, $"the journal of run {runId} is damaged, and a report of it would show less than happened: {damage.Describe()}. {JournalDamage.WhatToDo}");
        return FromEvents(home, runId, read.Events);
    }

    /// <summary>A run known by its events (a home's journal, or what a scheduler service streams): its queue is read back from the file its start names.</summary>
    /// <param name="home">The home whose queue cache is used.</param>
    public static (RunRecord? Run, string? Problem) FromEvents(HomeLayout home, string runId, IReadOnlyList<RunEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0 || events[0] is not RunStarted started)
            return (null, $"the journal of run {runId} records no start");
        var (queue, problem) = RunQueue.Load(home, runId, started);
        if (queue is null) return (null, $"{problem}; the report needs the tasks it ran and their dependencies");

        var state = new RunState(queue);
        foreach (var e in events) state.Apply(e);
        return (new RunRecord(runId, queue, events, state, home), null);
    }
}
