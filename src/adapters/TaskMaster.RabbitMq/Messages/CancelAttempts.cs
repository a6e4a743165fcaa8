namespace TaskMaster.RabbitMq.Messages;

/// <summary>
/// Ends attempts wherever they run: published to every worker, each ends the ones it holds.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="DispatchId">The one attempt to end (SIGTERM first, as a timeout); null for every attempt of the run (an emergency stop: SIGKILL).</param>
/// <param name="WorkerId">Only this worker's copy of the attempt (another took it over); null for whoever holds it.</param>
/// <param name="Reason">Why, for the logs.</param>
public sealed record CancelAttempts(string RunId, Guid? DispatchId, string? WorkerId, string Reason);
