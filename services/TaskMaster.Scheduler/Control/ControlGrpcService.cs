using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TaskMaster.Contracts.Control.V1;

namespace TaskMaster.Scheduler.Control;

/// <summary>The gRPC face of <see cref="IRunControl"/> (<c>taskmaster.control.v1.ControlService</c>).</summary>
public sealed class ControlGrpcService(IRunControl control) : ControlService.ControlServiceBase
{
    public override async Task<TakeCheckpointResponse> TakeCheckpoint(TakeCheckpointRequest request, ServerCallContext context)
    {
        try
        {
            var taken = await control.TakeCheckpointAsync(request.Force, context.CancellationToken).ConfigureAwait(false);
            return new TakeCheckpointResponse
            {
                Path = taken.Path,
                MirrorPath = taken.MirrorPath ?? "",
                Sequence = taken.Sequence,
                JournalPosition = taken.JournalPosition,
                TakenAt = Timestamp.FromDateTimeOffset(taken.TakenAt),
                RunId = taken.RunId,
            };
        }
        catch (RunControlException e)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
        }
    }
}
