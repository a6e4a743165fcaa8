using Grpc.Core;
using Microsoft.Extensions.Logging;
using Prometheus;
using TaskMaster.Core.Runs;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Checkpoint.Service;

/// <summary>
/// A save's fencing token checked against the run's fence before anything is stored: a scheduler that no
/// longer leads is refused with <c>FAILED_PRECONDITION</c> ("TMFENCED …"), logged and counted in
/// <c>taskmaster_checkpoint_fenced_saves_total</c>. While the fence cannot be read (Redis down) the save goes
/// on, degraded like the rest of the service (docs/cluster-storage.md says why that is safe).
/// </summary>
public sealed partial class CheckpointFencing(IRunFence fence, ILogger<CheckpointFencing> logger)
{
    private static readonly Counter Refused = Metrics.CreateCounter("taskmaster_checkpoint_fenced_saves_total",
        "Checkpoint saves refused because a newer scheduler leads the run (the saving one was fenced).");

    public async Task CheckAsync(string runId, long fencingToken, CancellationToken cancellationToken)
    {
        try
        {
            await fence.CheckAsync(runId, fencingToken, cancellationToken).ConfigureAwait(false);
        }
        catch (JournalFencedException refusal)
        {
            Refused.Inc();
            LogFenced(runId, fencingToken, refusal.Message);
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"checkpoint of {runId} refused: {refusal.Message}"));
        }
        catch (IOException unknown)
        {
            LogUnchecked(runId, fencingToken, unknown.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "FENCED: a checkpoint of {RunId} with fencing token {FencingToken} was refused: {Refusal}")]
    private partial void LogFenced(string runId, long fencingToken, string refusal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The fence of {RunId} could not be read ({Problem}): its checkpoint (fencing token {FencingToken}) is saved unchecked")]
    private partial void LogUnchecked(string runId, long fencingToken, string problem);
}
