using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Queue;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Scheduling;
using OverrideAction = TaskMaster.Core.Events.OverrideAction;
using ProtoOverrideAction = TaskMaster.Contracts.Scheduler.V1.OverrideAction;

namespace TaskMaster.Scheduler.Control;

/// <summary>
/// The gRPC face of the scheduler API (<c>taskmaster.scheduler.v1.SchedulerService</c>): each call
/// finds its run in the <see cref="IRunDirectory"/> (an unknown run id is NOT_FOUND) and asks its <see cref="IRunControl"/>.
/// </summary>
public sealed partial class SchedulerGrpcService(IRunDirectory runs) : SchedulerService.SchedulerServiceBase
{
    public override async Task<TakeCheckpointResponse> TakeCheckpoint(TakeCheckpointRequest request, ServerCallContext context)
    {
        try
        {
            var control = RunOf(request.RunId);
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
            var report = await RunOf(request.RunId).GetStatusAsync(new StatusQuery(request.Detailed, request.IncludeResources), context.CancellationToken)
                .ConfigureAwait(false);
            return report.ToProto();
        }
        catch (RunControlException e)
        {
            throw Refused(e);
        }
    }

    public override Task<ControlResponse> PauseRun(PauseRunRequest request, ServerCallContext context) =>
        Answer(request.RunId, control => control.PauseAsync(OperatorText.Check(request.Reason), context.CancellationToken));

    public override Task<ControlResponse> ContinueRun(ContinueRunRequest request, ServerCallContext context) =>
        Answer(request.RunId, control => control.ContinueAsync(OperatorText.Check(request.Reason), context.CancellationToken));

    public override async Task<ControlResponse> ResumeRun(ResumeRunRequest request, ServerCallContext context)
    {
        var runId = OperatorText.Check(request.RunId, "run_id", ControlLimits.MaxRunIdLength);
        if (runId.Length == 0)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "run_id is required: the stopped run to resume (`task-master runs` lists them)"));
        RunResumption? resumed;
        try
        {
            resumed = await runs.ResumeAsync(runId, context.CancellationToken).ConfigureAwait(false);
        }
        catch (RunControlException e)
        {
            throw Refused(e);
        }
        return resumed is null
            ? throw new RpcException(new Status(StatusCode.NotFound, $"no run '{runId}' here; `task-master runs` lists them"))
            : new ControlResponse
            {
                RunId = resumed.RunId,
                State = RunState.Running,
                Message = $"resumed from {resumed.ResumedFrom} and its journal through event {resumed.JournalPosition}",
                JournalPosition = resumed.JournalPosition,
            };
    }

    public override Task<ControlResponse> StopRun(StopRunRequest request, ServerCallContext context) =>
        Answer(request.RunId, control => control.StopAsync(request.Emergency, OperatorText.Check(request.Reason), context.CancellationToken));

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
        return Answer(request.RunId, control => control.OverrideAsync(request.TaskId, action, reason, context.CancellationToken));
    }

    // Takes the call rather than its task, so that a refusal thrown before the first await maps the same way.
    private async Task<ControlResponse> Answer(string runId, Func<IRunControl, Task<ControlOutcome>> call)
    {
        ControlOutcome outcome;
        IRunControl control;
        try
        {
            control = RunOf(runId);
            outcome = await call(control).ConfigureAwait(false);
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
            State = ProtoStateOf(RunStatusMapper.PhaseOf(outcome.State, live: true)),
            Message = outcome.Message,
            JournalPosition = outcome.JournalPosition,
        };
    }

    /// <summary>The run <paramref name="runId"/> names (empty: the only one).</summary>
    private IRunControl RunOf(string runId) =>
        runs.Find(OperatorText.Check(runId, "run_id", ControlLimits.MaxRunIdLength))
        ?? throw new RpcException(new Status(StatusCode.NotFound, $"no run '{runId}' here; `task-master runs` lists them"));

    private static RpcException Refused(RunControlException e) => new(new Status(StatusCode.FailedPrecondition, e.Message));
}
