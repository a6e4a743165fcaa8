namespace TaskMaster.RabbitMq.Messages;

/// <summary>A <c>::progress</c> line of a running attempt.</summary>
public sealed record AttemptProgress(Guid DispatchId, string RunId, double Percent, string? Message);
