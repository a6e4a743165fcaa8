using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.ReadModel;

namespace TaskMaster.Scheduler.Control;

// The calls about runs themselves: submit, get, list, watch.
public sealed partial class SchedulerGrpcService
{
    public override async Task<SubmitRunResponse> SubmitRun(SubmitRunRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.QueueText))
            throw new RpcException(new Status(StatusCode.InvalidArgument, "queue_text is required: the queue's Markdown"));
        if (!Path.IsPathFullyQualified(request.QueuePath))
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                "queue_path must be the queue file's absolute path on the shared volume (its folder is where tasks run)"));
        var name = OperatorText.Check(request.Name, "name", ControlLimits.MaxTextLength);
        var options = request.Options ?? new RunOptions();
        if (options.Concurrency < 0)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "options.concurrency must be 0 (the scheduler's default) or more"));
        try
        {
            var accepted = await runs.SubmitAsync(
                new RunSubmission(request.QueueText, request.QueuePath, name.Length == 0 ? null : name,
                    options.Concurrency == 0 ? null : options.Concurrency, options.Autonomous),
                context.CancellationToken).ConfigureAwait(false);
            return new SubmitRunResponse { RunId = accepted.RunId, TaskCount = accepted.TaskCount };
        }
        catch (RunControlException e)
        {
            throw Refused(e);
        }
    }

    public override async Task<RunInfo> GetRun(GetRunRequest request, ServerCallContext context)
    {
        var runId = await KnownRunAsync(request.RunId, context).ConfigureAwait(false);
        var listed = await ListedAsync(context).ConfigureAwait(false);
        return listed.FirstOrDefault(r => r.Entry.RunId == runId) is { } run
            ? InfoOf(run)
            : throw new RpcException(new Status(StatusCode.NotFound, $"no run '{request.RunId}' here; `task-master runs` lists them"));
    }

    public override async Task<ListRunsResponse> ListRuns(ListRunsRequest request, ServerCallContext context)
    {
        var response = new ListRunsResponse();
        response.Runs.AddRange((await ListedAsync(context).ConfigureAwait(false)).Select(InfoOf));
        return response;
    }

    public override async Task WatchRun(WatchRunRequest request, IServerStreamWriter<RunEventMessage> responseStream, ServerCallContext context)
    {
        var runId = await KnownRunAsync(request.RunId, context).ConfigureAwait(false);
        IAsyncEnumerable<RunEvent> events;
        try
        {
            events = runs.WatchAsync(runId, request.AfterSequence, request.Follow, context.CancellationToken);
        }
        catch (RunControlException e)
        {
            throw Refused(e);
        }
        await foreach (var e in events.ConfigureAwait(false))
        {
            await responseStream.WriteAsync(new RunEventMessage
            {
                Sequence = e.Sequence, Type = e.GetType().Name, Json = ByteString.CopyFrom(RunEventJson.Serialize(e)),
            }, context.CancellationToken).ConfigureAwait(false);
        }
    }

    // A run live here, or one the catalog lists (a standby serves reads of every run; one that ended before the last start is read back).
    private async Task<string> KnownRunAsync(string requested, ServerCallContext context)
    {
        if (requested.Length == 0) return RunOf(requested).RunId;
        var runId = OperatorText.Check(requested, "run_id", ControlLimits.MaxRunIdLength);
        if (runs.Find(runId) is { } live) return live.RunId;
        return (await ListedAsync(context).ConfigureAwait(false)).Any(r => r.Entry.RunId == runId)
            ? runId
            : throw new RpcException(new Status(StatusCode.NotFound, $"no run '{requested}' here; `task-master runs` lists them"));
    }

    private async Task<IReadOnlyList<RunListing>> ListedAsync(ServerCallContext context)
    {
        try
        {
            return await runs.ListAsync(context.CancellationToken).ConfigureAwait(false);
        }
        catch (RunControlException e)
        {
            throw Refused(e);
        }
    }

    private static RunInfo InfoOf(RunListing run)
    {
        var info = new RunInfo
        {
            RunId = run.Entry.RunId,
            Name = run.Entry.QueueName,
            State = run.Phase is { } phase ? ProtoStateOf(phase) : run.Entry.EndedAt is null ? RunState.Stopped : RunState.Unspecified,
            StartedAt = Timestamp.FromDateTimeOffset(run.Entry.StartedAt),
        };
        if (run.Entry.EndedAt is { } ended) info.EndedAt = Timestamp.FromDateTimeOffset(ended);
        return info;
    }

    private static RunState ProtoStateOf(RunPhase phase) => (RunState)((int)phase + 1);
}
