namespace TaskMaster.RabbitMq.Messages;

/// <summary>
/// Ends attempts wherever they run: published to every worker, each ends the ones it holds.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="DispatchId">The one attempt to end (SIGTERM first, as a timeout); null for every attempt of the run (an emergency stop: SIGKILL).</param>
/// <param name="WorkerId">Only this worker's copy of the attempt (another took it over); null for whoever holds it.</param>
/// <param name="Sender">With no <paramref name="DispatchId"/>: the executor whose dispatches of the run are stopped.</param>
/// <param name="StopGeneration">With no <paramref name="DispatchId"/>: that executor's dispatches of this generation or older are refused from now on.</param>
/// <param name="Reason">Why, for the logs.</param>
public sealed record CancelAttempts(string RunId, Guid? DispatchId, string? WorkerId, Guid Sender, int StopGeneration, string Reason);
