using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TaskMaster.Contracts.Control.V1;
using TaskMaster.Core.Queue;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Scheduling;
using OverrideAction = TaskMaster.Core.Events.OverrideAction;
using ProtoOverrideAction = TaskMaster.Contracts.Control.V1.OverrideAction;

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

    public override Task<ControlResponse> PauseRun(PauseRunRequest request, ServerCallContext context) =>
        Answer(() => control.PauseAsync(OperatorText.Check(request.Reason), context.CancellationToken));

    public override Task<ControlResponse> ContinueRun(ContinueRunRequest request, ServerCallContext context) =>
        Answer(() => control.ContinueAsync(OperatorText.Check(request.Reason), context.CancellationToken));

    public override Task<ControlResponse> StopRun(StopRunRequest request, ServerCallContext context) =>
        Answer(() => control.StopAsync(request.Emergency, OperatorText.Check(request.Reason), context.CancellationToken));

    public override Task<ControlResponse> OverrideTask(OverrideTaskRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.TaskId))
            throw new RpcException(new Status(StatusCode.InvalidArgument, "task_id is required: the id of the task to override"));
        if (TaskId.TooLong(request.TaskId))
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"task_id is {request.TaskId.Length:N0} characters long; a task id has at most {TaskId.MaxLength}"));
        var reason = OperatorText.Check(request.Reason);
        var action = request.Action switch
        {
            ProtoOverrideAction.Retry => OverrideAction.Retry,
            ProtoOverrideAction.Skip => OverrideAction.Skip,
            ProtoOverrideAction.Succeed => OverrideAction.Succeed,
            ProtoOverrideAction.Cancel => OverrideAction.Cancel,
            _ => throw new RpcException(new Status(StatusCode.InvalidArgument, "action is required: retry, skip, succeed or cancel")),
        };
        return Answer(() => control.OverrideAsync(request.TaskId, action, reason, context.CancellationToken));
    }

    // Takes the call rather than its task, so that a refusal thrown before the first await maps the same way.
    private async Task<ControlResponse> Answer(Func<Task<ControlOutcome>> call)
    {
        ControlOutcome outcome;
        try
        {
            outcome = await call().ConfigureAwait(false);
        }
        catch (ControlRefusedException e)
        {
            var code = e.Refusal == ControlRefusal.UnknownTask ? StatusCode.NotFound : StatusCode.FailedPrecondition;
            throw new RpcException(new Status(code, e.Message));
        }
        catch (RunControlException e)
        {
            throw Refused(e);
        }
        return new ControlResponse
        {
            RunId = control.RunId,
            State = (RunState)((int)RunStatusMapper.PhaseOf(outcome.State, live: true) + 1),
            Message = outcome.Message,
            JournalPosition = outcome.JournalPosition,
        };
    }

    private static RpcException Refused(RunControlException e) => new(new Status(StatusCode.FailedPrecondition, e.Message));
}
