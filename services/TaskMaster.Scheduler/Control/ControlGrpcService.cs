using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TaskMaster.Contracts.Control.V1;
using TaskMaster.Scheduler.Reporting;

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
            throw Refused(e);
        }
    }

    public override async Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        try
        {
            var report = await control.GetStatusAsync(new StatusQuery(request.Detailed, request.IncludeResources), context.CancellationToken)
                .ConfigureAwait(false);
            return report.ToProto();
        }
        catch (RunControlException e)
        {
            throw Refused(e);
        }
    }

    private static RpcException Refused(RunControlException e) => new(new Status(StatusCode.FailedPrecondition, e.Message));
}
