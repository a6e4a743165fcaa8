using System.Threading.Channels;
using TaskMaster.Core.Display;
using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Cli.Output;

/// <summary>
/// The view for logs and pipes: one timestamped line per thing that happened. Lines go through a
/// queue to a writer task, so a slow reader of stdout never stalls the scheduler.
/// </summary>
internal sealed class PlainRunView : IRunObserver, IAsyncDisposable
{
    // A task's progress is printed when it moves by at least this many points, to keep logs readable.
    private const double ProgressStep = 10;

    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, double> _lastProgress = new(StringComparer.Ordinal);
    private readonly Task _writer;

    public PlainRunView(TextWriter output)
    {
        _writer = Task.Run(async () =>
        {
            await foreach (var line in _lines.Reader.ReadAllAsync().ConfigureAwait(false))
                await output.WriteLineAsync(line).ConfigureAwait(false);
            await output.FlushAsync().ConfigureAwait(false);
        });
    }

    public void OnEvent(RunEvent e, RunState state)
    {
        var text = Describe(e, state);
        if (text is not null)
            _lines.Writer.TryWrite(ClockTime.Precise(e.At) + "  " + text);
    }

    private string? Describe(RunEvent e, RunState state)
    {
        switch (e)
        {
            case TaskStarted s:
                _lastProgress[s.TaskId] = 0;
                var task = state.Queue.Tasks[state.Task(s.TaskId).Index];
                var attempt = s.Attempt > 1 + task.Retries ? $" (attempt {s.Attempt})"
                    : s.Attempt > 1 || task.Retries > 0 ? $" (attempt {s.Attempt}/{1 + task.Retries})" : "";
                return $"started    {s.TaskId}{attempt}: {task.Title}";
            case TaskProgressed p:
                var last = _lastProgress.GetValueOrDefault(p.TaskId);
                if (p.Percent < 100 && Math.Abs(p.Percent - last) < ProgressStep) return null;
                _lastProgress[p.TaskId] = p.Percent;
                return $"progress   {p.TaskId} {p.Percent:0.#}%{(p.Message is { Length: > 0 } m ? " " + m : "")}";
            case TaskSucceeded s:
                _lastProgress.Remove(s.TaskId);
                return $"succeeded  {s.TaskId} in {HumanDuration.Format(state.Task(s.TaskId).Duration ?? TimeSpan.Zero)}";
            case TaskFailed f:
                _lastProgress.Remove(f.TaskId);
                var outcome = (f.Class, f.WillRetry) switch
                {
                    (_, true) => $"{f.Class.ToString().ToLowerInvariant()}, will retry",
                    (TaskFailureClass.Transient, false) => "transient, no retries left",
                    _ => f.Class.ToString().ToLowerInvariant(),
                };
                var stderr = f.StderrTail.Count > 0 ? $" | stderr: {f.StderrTail[^1]}" : "";
                return $"failed     {f.TaskId} attempt {f.Attempt}: {f.Reason} ({outcome}){stderr}";
            case TaskRetryScheduled r:
                return $"retry      {r.TaskId} attempt {r.NextAttempt} in {HumanDuration.Format(r.Delay)}";
            case TaskCancelled c:
                return $"cancelled  {c.TaskId} attempt {c.Attempt}: {c.Reason}";
            case TasksBlocked b:
                var shown = string.Join(", ", b.TaskIds.Take(10)) + (b.TaskIds.Count > 10 ? $" and {b.TaskIds.Count - 10} more" : "");
                return $"blocked    {shown} (because {b.CauseTaskId} failed)";
            case RunPaused p:
                return $"PAUSED     {p.Reason}. Ctrl-C stops the run; its state is kept.";
            case RunResumed r:
                return $"resumed    {r.Reason}";
            case TaskOverridden o:
                return $"OVERRIDE   {o.TaskId} {o.Action.ToString().ToLowerInvariant()} (was {o.PreviousStatus.ToString().ToLowerInvariant()}): {o.Reason}";
            case TasksRetried r:
                var retried = string.Join(", ", r.TaskIds.Take(10)) + (r.TaskIds.Count > 10 ? $" and {r.TaskIds.Count - 10} more" : "");
                return $"RETRY      {retried} run again (asked by {r.By}): {r.Reason}";
            case RunStopRequested s:
                return $"STOPPING   {s.Reason}{(s.Emergency ? " (emergency: running attempts killed)" : "; running attempts finish first")}";
            case ExecutorFaulted f:
                return $"EXECUTOR FAULT {f.Reason}";
            case RunRolledBack r:
                return $"ROLLBACK   to checkpoint #{r.CheckpointSequence} (journal event {r.JournalPosition}) because critical task {r.CauseTaskId} failed; " +
                       $"{Counted.Of(r.Resets.Count, "task")} reset: {string.Join(", ", r.Resets.Take(10).Select(x => x.TaskId))}";
            case CheckpointFailed f:
                return $"CHECKPOINT FAILED ({f.Reason}): {f.Error}";
            case RunInterrupted i:
                return $"interrupted {i.Reason}: {Progress(state)}";
            case RunCompleted c:
                return $"{(c.Succeeded ? "completed" : "FAILED    ")} {Progress(state)}";
            default:
                return null;
        }
    }

    private static string Progress(RunState state) => ProgressText.Of(state.Tasks.Count, state.Count(TaskStatus.Succeeded),
        state.Count(TaskStatus.Failed), state.Count(TaskStatus.Blocked), state.Count(TaskStatus.Skipped));

    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }
}
