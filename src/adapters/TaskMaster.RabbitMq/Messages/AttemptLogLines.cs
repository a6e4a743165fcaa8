namespace TaskMaster.RabbitMq.Messages;

/// <summary>
/// The output lines an attempt wrote since the last batch (progress lines excepted), in order.
/// Published (a fanout by type): whoever shows task logs binds a queue to it; the last batch of an
/// attempt is sent before its result.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="TaskId">The task's id.</param>
/// <param name="Attempt">The attempt.</param>
/// <param name="WorkerId">The worker that ran it.</param>
/// <param name="Sequence">0 for the attempt's first batch, then 1, 2, …: a receiver sees gaps and duplicates.</param>
/// <param name="Lines">The lines.</param>
public sealed record AttemptLogLines(string RunId, string TaskId, int Attempt, string WorkerId, long Sequence, IReadOnlyList<AttemptLogLine> Lines);

/// <summary>One output line of an attempt.</summary>
public sealed record AttemptLogLine(DateTimeOffset At, AttemptOutputStream Stream, string Text);

public enum AttemptOutputStream
{
    Stdout,
    Stderr,
}
