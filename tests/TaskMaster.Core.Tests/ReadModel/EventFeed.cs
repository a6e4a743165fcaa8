using Microsoft.Extensions.Time.Testing;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.State;
using TaskMaster.Core.Tests.Scheduling;

namespace TaskMaster.Core.Tests.ReadModel;

/// <summary>
/// Folds events into a state and tells a <see cref="RunStatusModel"/> of each, as the scheduler's
/// loop does, for events no scripted run produces (operator actions) or recorded ones.
/// </summary>
internal sealed class EventFeed
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public EventFeed(QueueDefinition queue)
    {
        State = new RunState(queue);
        Model = new RunStatusModel(concurrency: 4, Time);
    }

    public FakeTimeProvider Time { get; } = new(T0);

    public RunState State { get; }

    public RunStatusModel Model { get; }

    /// <summary>The recorded events of <see cref="MidRun"/>, fed one by one.</summary>
    public static async Task<EventFeed> MidRunAsync()
    {
        var run = await MidRun.RecordAsync();
        var feed = new EventFeed(run.Queue);
        feed.Feed([.. run.Events]);
        return feed;
    }

    public RunStarted Started() => new(T0, "run-feed", State.Queue.Name, State.Queue.SourcePath, State.Queue.ContentHash,
        State.Queue.Tasks.Count, 4, Autonomous: false);

    public void Feed(params RunEvent[] events)
    {
        foreach (var e in events)
        {
            if (e.Sequence == 0) e.Sequence = State.LastSequence + 1;
            State.Apply(e);
            Model.OnEvent(e, State);
        }
    }

    public RunStatusReport Snapshot(bool detailed = false) => Model.Snapshot(detailed) ?? throw new InvalidOperationException("not started");
}
