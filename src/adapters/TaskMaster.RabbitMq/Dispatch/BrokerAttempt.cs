using TaskMaster.Core.Scheduling;

namespace TaskMaster.RabbitMq.Dispatch;

/// <summary>
/// One dispatched attempt as its executor sees it until it reports the attempt's end: who holds it
/// and until when. Fields are guarded by the executor's lock.
/// </summary>
internal sealed class BrokerAttempt(Guid dispatchId, TaskLaunch launch, ITaskReporter reporter)
{
    public Guid DispatchId { get; } = dispatchId;

    public TaskLaunch Launch { get; } = launch;

    public ITaskReporter Reporter { get; } = reporter;

    /// <summary>The worker this process said yes to (set only by its acceptance, never by a heartbeat); null while it waits in the attempts queue.</summary>
    public string? Holder { get; set; }

    /// <summary>When the holder's lease runs out unless a heartbeat renews it.</summary>
    public DateTimeOffset LeaseEnds { get; set; }

    /// <summary>A cancel was sent: if its worker is lost now, the attempt ends as cancelled, not lost.</summary>
    public bool CancelRequested { get; set; }
}
