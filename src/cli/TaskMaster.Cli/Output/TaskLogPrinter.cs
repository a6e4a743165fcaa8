using TaskMaster.Monitor.Logs;

namespace TaskMaster.Cli.Output;

/// <summary>What printing a log came to: the exit code, and what to tell the person on stderr, if anything.</summary>
internal sealed record LogOutcome(int ExitCode, string? Message)
{
    public static readonly LogOutcome Done = new(0, null);
}

/// <summary>
/// Prints a task's log, or one attempt's section, page by page through <see cref="TaskLogReader"/>
/// (whole lines, whole characters); following it, until the attempt or the task ends.
/// </summary>
/// <param name="unlogged">What to say of the attempt asked for (or the latest) when the log does not hold it; null when it has not run.</param>
internal sealed class TaskLogPrinter(TextWriter output, string logPath, string taskId, int? attempt, Func<string?> unlogged)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private bool _printed;

    /// <summary>Prints what the log holds now.</summary>
    public LogOutcome PrintAll()
    {
        long? offset = null;
        while (true)
        {
            // Nothing more is waited for: an unfinished last line is printed as it is.
            var page = TaskLogReader.Read(logPath, taskId, attempt, offset, TaskLogReader.MaxLimit, taskEnded: true, out var attempts);
            if (page is null) return NoSuchAttempt(attempts);
            Write(page);
            if (page.NextOffset >= page.Size || page.NextOffset == page.Offset) return _printed ? LogOutcome.Done : NotRun();
            offset = page.NextOffset;
        }
    }

    /// <summary>Prints the log as it is written until the attempt (or the task) has ended, or nothing will write to it any more.</summary>
    /// <param name="isOver">True once nothing will write to the log any more.</param>
    public async Task<LogOutcome> FollowAsync(Func<bool> isOver, TimeProvider time, CancellationToken cancellationToken)
    {
        long? offset = null;
        while (true)
        {
            // Asked before reading: whatever the task wrote before it ended is then in what is read.
            var over = isOver();
            var page = TaskLogReader.Read(logPath, taskId, attempt, offset, TaskLogReader.MaxLimit, taskEnded: over, out var attempts);
            if (page is null && over) return NoSuchAttempt(attempts);
            if (page is not null)
            {
                Write(page);
                if (page.Complete) return _printed ? LogOutcome.Done : NotRun();
                offset = page.NextOffset;
                if (page.NextOffset < page.Size) continue;
                // An attempt cut short by a killed executor has no footer, and none will come.
                if (over) return new LogOutcome(0, $"attempt {attempt} of '{taskId}' ended without its footer: its executor stopped while it ran");
            }
            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Write(TaskLogPage page)
    {
        if (page.Text.Length == 0) return;
        output.Write(page.Text);
        output.Flush();
        _printed = true;
    }

    private LogOutcome NoSuchAttempt(IReadOnlyList<LogSection> attempts) => unlogged() is { } said
        ? new LogOutcome(0, said)
        : new LogOutcome(1, $"task '{taskId}' has no attempt {attempt} in its log; {TaskLogIndex.Describe(attempts)}");

    private LogOutcome NotRun() => new(0, unlogged() ?? $"task '{taskId}' has no log yet: it has not run");
}
