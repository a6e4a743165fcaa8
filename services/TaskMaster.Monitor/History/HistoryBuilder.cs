using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Monitor.Alerts;

namespace TaskMaster.Monitor.History;

/// <summary>
/// Builds a run's history from what it left on disk: the journal (the attempts' timeline and the
/// errors), the samples and the alerts of its monitoring folder. The live API and the report both
/// read it here, so they agree; reading a journal still being written stops at its last whole line.
/// </summary>
public static class HistoryBuilder
{
    public static HistoryDocument Build(HomeLayout home, string runId)
    {
        var journal = home.JournalPath(runId);
        var events = File.Exists(journal) ? JournalReader.Read(journal).Events : [];
        return FromEvents(runId, events,
            SampleStore.Read(MonitoringLayout.SamplesFile(home, runId)),
            AlertCenter.ReadFile(MonitoringLayout.AlertsFile(home, runId)));
    }

    public static HistoryDocument FromEvents(string runId, IReadOnlyList<RunEvent> events, IReadOnlyList<HistorySample> samples, IReadOnlyList<Alert> alerts)
    {
        var timeline = new List<TimelineEntry>();
        // The open attempt of each task: its index in the timeline.
        var open = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<HistoryError>();
        DateTimeOffset? startedAt = null;
        foreach (var e in events)
        {
            var ms = e.At.ToUnixTimeMilliseconds();
            switch (e)
            {
                case RunStarted s: startedAt ??= s.At; break;
                case TaskStarted s:
                    open[s.TaskId] = timeline.Count;
                    timeline.Add(new TimelineEntry(s.TaskId, s.Attempt, ms, null, AttemptOutcome.Running));
                    break;
                case TaskSucceeded s: Close(s.TaskId, ms, AttemptOutcome.Succeeded); break;
                case TaskFailed f:
                    Close(f.TaskId, ms, AttemptOutcome.Failed);
                    errors.Add(new HistoryError(ms, f.TaskId, f.Class.ToString().ToLowerInvariant(), f.Reason));
                    break;
                case TaskCancelled c: Close(c.TaskId, ms, AttemptOutcome.Cancelled); break;
                case ExecutorFaulted x: errors.Add(new HistoryError(ms, x.TaskId, "executor", x.Reason)); break;
                case CheckpointFailed c: errors.Add(new HistoryError(ms, null, "checkpoint", c.Error)); break;
                // A new executor of the same run (resume): what the old one left open never ended on record.
                case RunInterrupted i:
                    foreach (var id in open.Keys.ToList()) Close(id, i.At.ToUnixTimeMilliseconds(), AttemptOutcome.Cancelled);
                    break;
            }
        }
        return new HistoryDocument(runId, startedAt, samples, timeline, errors, alerts);

        void Close(string taskId, long ms, AttemptOutcome outcome)
        {
            if (!open.Remove(taskId, out var index)) return;
            timeline[index] = timeline[index] with { EndMs = ms, Outcome = outcome };
        }
    }
}
