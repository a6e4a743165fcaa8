namespace TaskMaster.RabbitMq.Messages;

/// <summary>
/// A worker shutting down gave an attempt back unfinished (its processes ended, nothing reported):
/// it no longer holds its lease, and the same dispatch is in the attempts queue again for another worker.
/// </summary>
public sealed record AttemptHandedBack(Guid DispatchId, string RunId, string WorkerId, string Reason);
