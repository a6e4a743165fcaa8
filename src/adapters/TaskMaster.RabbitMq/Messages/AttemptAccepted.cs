namespace TaskMaster.RabbitMq.Messages;

/// <summary>
/// A worker took an attempt and runs it: from now on it holds the attempt's lease, renewed by its
/// heartbeats. Sent before the delivery is acknowledged, so an attempt is never held by nobody.
/// </summary>
public sealed record AttemptAccepted(Guid DispatchId, string RunId, string WorkerId);
