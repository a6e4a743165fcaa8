using TaskMaster.Core.Events;

namespace TaskMaster.Core.State;

/// <summary>
/// One task's part of the run state, packed: 56 bytes where the plain fields took 152, because a
/// million-task run holds it per task in the scheduler's fold, the checkpointer's and the status model's.
/// Times are a clock tick count and an offset (exactly the <see cref="DateTimeOffset"/> they came from),
/// and the fields most tasks never set (failures, a progress message, a retry's due time, a blocker)
/// sit in one shared, immutable <see cref="TaskRareFacts"/>, absent for a task that never had them.
/// A copy is a snapshot: nothing in it is shared with the state that can change.
/// </summary>
public struct TaskFacts
{
    private const long NoTime = -1;
    private const long NoDuration = long.MinValue;
    private long _startedTicks;
    private long _endedTicks;
    private long _durationTicks;
    private TaskRareFacts? _rare;
    private short _startedOffset;
    private short _endedOffset;
    private byte _status;

    public TaskFacts()
    {
        _startedTicks = NoTime;
        _endedTicks = NoTime;
        _durationTicks = NoDuration;
    }

    public TaskStatus Status
    {
        readonly get => (TaskStatus)_status;
        internal set => _status = (byte)value;
    }

    /// <summary>Attempts started so far (the running or last attempt's number).</summary>
    public int Attempt { readonly get; internal set; }

    /// <summary>Progress of the running attempt, 0–100, from <c>::progress</c> lines.</summary>
    public double Progress { readonly get; internal set; }

    /// <summary>When the current or last attempt started.</summary>
    public DateTimeOffset? StartedAt
    {
        readonly get => Unpack(_startedTicks, _startedOffset);
        internal set => Pack(value, out _startedTicks, out _startedOffset);
    }

    /// <summary>When the task reached a final state.</summary>
    public DateTimeOffset? EndedAt
    {
        readonly get => Unpack(_endedTicks, _endedOffset);
        internal set => Pack(value, out _endedTicks, out _endedOffset);
    }

    /// <summary>Duration of the last attempt that ended; null while an attempt runs and before the first.</summary>
    public TimeSpan? Duration
    {
        readonly get => _durationTicks == NoDuration ? null : new TimeSpan(_durationTicks);
        internal set => _durationTicks = value is { } d ? d.Ticks : NoDuration;
    }

    /// <summary>When the last attempt ended: its start plus its <see cref="Duration"/>; null while it runs.</summary>
    public readonly DateTimeOffset? AttemptEndedAt => StartedAt is { } start && Duration is { } took ? start + took : null;

    /// <summary>The fields few tasks ever set; <see cref="TaskRareFacts.None"/> for a task that has none.</summary>
    public TaskRareFacts Rare
    {
        readonly get => _rare ?? TaskRareFacts.None;
        internal set => _rare = value == TaskRareFacts.None ? null : value;
    }

    private static void Pack(DateTimeOffset? time, out long ticks, out short offset)
    {
        ticks = time is { } t ? t.Ticks : NoTime;
        offset = time is { } o ? (short)o.TotalOffsetMinutes : (short)0;
    }

    private static DateTimeOffset? Unpack(long ticks, short offset) =>
        ticks == NoTime ? null : new DateTimeOffset(ticks, TimeSpan.FromMinutes(offset));
}

/// <summary>What <see cref="TaskFacts"/> keeps apart because few tasks set it. Immutable, so copies of the facts may share it.</summary>
public sealed record TaskRareFacts
{
    /// <summary>A task that has none of these.</summary>
    public static TaskRareFacts None { get; } = new();

    public int TransientFailures { get; init; }

    public int ExecutorFailures { get; init; }

    public int Rollbacks { get; init; }

    public string? ProgressMessage { get; init; }

    public DateTimeOffset? NextRetryAt { get; init; }

    public TaskFailed? LastFailure { get; init; }

    public string? BlockedBy { get; init; }
}
