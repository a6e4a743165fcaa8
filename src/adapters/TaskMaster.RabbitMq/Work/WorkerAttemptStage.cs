namespace TaskMaster.RabbitMq.Work;

/// <summary>Where an attempt a worker took stands: each moves once from <see cref="AwaitingAnswer"/> to one of the others.</summary>
internal enum WorkerAttemptStage
{
    /// <summary>Delivered and asked about: the scheduler's yes or no has not come, nothing runs.</summary>
    AwaitingAnswer,

    /// <summary>The scheduler said yes and its processes were started.</summary>
    Running,

    /// <summary>Not started and never to be: the scheduler said no, or a cancel came first. The delivery is acknowledged.</summary>
    Dropped,

    /// <summary>Not started, and its delivery goes back to the queue for another try: no answer in time, or the worker is draining.</summary>
    HandedBackUnstarted,
}
