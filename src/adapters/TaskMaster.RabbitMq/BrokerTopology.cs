namespace TaskMaster.RabbitMq;

/// <summary>
/// The queues of one cluster. Attempts wait in one quorum queue that every worker consumes (so any
/// free worker takes the next one, and they survive a broker restart); what workers report goes to
/// the scheduler's quorum queue; each worker has a queue of its own for cancels, gone with it.
/// </summary>
public sealed record BrokerTopology(string Prefix)
{
    public string AttemptsQueue => $"{Prefix}-attempts";

    public string SchedulerQueue => $"{Prefix}-scheduler";

    public string WorkerQueue(string workerId) => $"{Prefix}-worker-{workerId}";

    public Uri AttemptsAddress => new($"queue:{AttemptsQueue}");

    public Uri SchedulerAddress => new($"queue:{SchedulerQueue}");
}
