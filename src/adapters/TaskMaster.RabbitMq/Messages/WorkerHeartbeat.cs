namespace TaskMaster.RabbitMq.Messages;

/// <summary>A worker is alive and still runs these attempts: their leases are renewed.</summary>
/// <param name="WorkerId">The worker.</param>
/// <param name="Attempts">Every attempt it holds now.</param>
public sealed record WorkerHeartbeat(string WorkerId, IReadOnlyList<HeldAttempt> Attempts);

/// <summary>An attempt a worker holds.</summary>
public sealed record HeldAttempt(string RunId, Guid DispatchId);
