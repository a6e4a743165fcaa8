using TaskMaster.Core.Events;

namespace TaskMaster.Chaos.Tests.Checking;

/// <summary>Everything the checker reads about one run of a campaign, gathered after it ended.</summary>
/// <param name="Dependencies">Each task's dependencies, as the queue declares them.</param>
/// <param name="Attempts">What the tasks wrote down (<see cref="AttemptLog"/>).</param>
/// <param name="Acknowledged">The events a client was shown while the run went on (followed over the scheduler's API).</param>
/// <param name="Journal">The run's journal read after it ended, from the first event, as the store holds it.</param>
/// <param name="FencingTokens">The fencing token of the writer each journal entry was accepted from, by the entry's sequence (the stream's field <c>f</c>).</param>
/// <param name="Faults">The faults injected during the run.</param>
/// <param name="SubmittedAt">When the run was submitted.</param>
/// <param name="LeftoverMessages">Messages left in the broker's queues other than error queues after the run, by queue.</param>
/// <param name="LeftoverProcesses">Processes of the run's tasks still running after it ended.</param>
public sealed record RunHistory(
    IReadOnlyDictionary<string, IReadOnlyList<string>> Dependencies,
    IReadOnlyList<AttemptRecord> Attempts,
    IReadOnlyList<RunEvent> Acknowledged,
    IReadOnlyList<RunEvent> Journal,
    IReadOnlyDictionary<long, long> FencingTokens,
    IReadOnlyList<FaultRecord> Faults,
    DateTimeOffset SubmittedAt,
    IReadOnlyDictionary<string, int> LeftoverMessages,
    int LeftoverProcesses);
