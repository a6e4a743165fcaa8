namespace TaskMaster.RabbitMq.Messages;

/// <summary>
/// A worker took an attempt and asks whether to start it (a request: <see cref="AttemptAcceptance"/>
/// answers). Sent before the delivery is acknowledged, so an attempt is never held by nobody; from a
/// yes on the worker holds the attempt's lease, renewed by its heartbeats.
/// </summary>
public sealed record AttemptAccepted(Guid DispatchId, string RunId, string WorkerId);

/// <summary>
/// The scheduler's answer to <see cref="AttemptAccepted"/>: start it, or drop it (the attempt was
/// cancelled or stopped while it waited in the queue, was given up on, or another worker holds it).
/// </summary>
public sealed record AttemptAcceptance(Guid DispatchId, bool Start);
