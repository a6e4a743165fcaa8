using Google.Protobuf;
using Grpc.Core;
using TaskMaster.Checkpoint.Cluster;
using TaskMaster.Contracts.Checkpoint.V1;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Runs;
using static TaskMaster.Checkpoint.Service.CheckpointMessages;

namespace TaskMaster.Checkpoint.Service;

/// <summary>
/// The checkpoint service (<c>taskmaster.checkpoint.v1</c>) over the tiered store and the task state
/// store. It trusts no bytes: a checkpoint is decoded and verified before it is saved, and again when
/// it is read. Store faults become <c>UNAVAILABLE</c>; bad input <c>INVALID_ARGUMENT</c>, changing nothing.
/// </summary>
public sealed class CheckpointGrpcService(TieredCheckpointStore store, ITaskStateStore states, CheckpointFencing fencing) : CheckpointService.CheckpointServiceBase
{
    public override async Task<SaveCheckpointResponse> SaveCheckpoint(SaveCheckpointRequest request, ServerCallContext context)
    {
        var bytes = request.Checkpoint.Memory;
        var read = CheckpointCodec.Decode(bytes.Span);
        if (!read.IsValid) throw Invalid($"the checkpoint is refused: {read.Refusal.Reason}");
        var document = read.Document;
        if (!RunIds.IsValid(document.RunId)) throw Invalid($"the checkpoint's run id '{document.RunId}' cannot name a stored checkpoint");
        var encoded = new EncodedCheckpoint(document.RunId, document.Sequence, document.Reason, document.Timestamp, document.Journal.Position, document.Checksum, bytes, JsonBytes: 0);
        await fencing.CheckAsync(document.RunId, request.FencingToken, context.CancellationToken);
        var stored = await Unavailable(() => store.StoreAsync(encoded, context.CancellationToken));
        return new SaveCheckpointResponse
        {
            Checkpoint = ToRef(new StoredCheckpoint(document.RunId, document.Sequence, document.Checksum, stored.Location)),
            MirrorLocation = stored.MirrorLocation ?? "",
            Degraded = stored.MirrorError ?? "",
        };
    }

    public override async Task<GetCheckpointResponse> GetCheckpoint(GetCheckpointRequest request, ServerCallContext context)
    {
        StoredCheckpointLoad load;
        CheckLocation(request.Location);
        if (request.Location.Length > 0) load = await Unavailable(() => store.LoadAsync(request.Location, cancellationToken: context.CancellationToken));
        else
        {
            CheckRunId(request.RunId);
            load = await Unavailable(() => store.LoadNewestValidAsync(request.RunId, cancellationToken: context.CancellationToken));
        }
        if (!load.Found) throw new RpcException(new Status(StatusCode.NotFound, load.Describe()));
        var response = new GetCheckpointResponse { Checkpoint = ToRef(load.Checkpoint), Content = ByteString.CopyFrom(load.Bytes) };
        response.Refused.AddRange(load.Refused.Select(ToRefused));
        return response;
    }

    public override async Task<ListCheckpointsResponse> ListCheckpoints(ListCheckpointsRequest request, ServerCallContext context)
    {
        CheckRunId(request.RunId);
        var listed = await Unavailable(() => store.ListAsync(request.RunId, context.CancellationToken));
        var response = new ListCheckpointsResponse();
        response.Checkpoints.AddRange(listed.Select(ToRef));
        return response;
    }

    public override async Task<ValidateCheckpointResponse> ValidateCheckpoint(ValidateCheckpointRequest request, ServerCallContext context)
    {
        CheckLocation(request.Location);
        var load = await Unavailable(() => store.LoadAsync(request.Location, cancellationToken: context.CancellationToken));
        var response = new ValidateCheckpointResponse { Valid = load.Found, Checkpoint = load.Found ? ToRef(load.Checkpoint) : null };
        response.Refused.AddRange(load.Refused.Select(ToRefused));
        return response;
    }

    public override async Task<SaveTaskStateResponse> SaveTaskState(SaveTaskStateRequest request, ServerCallContext context)
    {
        CheckRunId(request.RunId);
        CheckTaskId(request.TaskId);
        var sha = await Unavailable(() => states.PutAsync(request.RunId, request.TaskId, request.Content.Memory, context.CancellationToken));
        return new SaveTaskStateResponse { Sha256 = sha };
    }

    public override async Task<GetTaskStateResponse> GetTaskState(GetTaskStateRequest request, ServerCallContext context)
    {
        CheckRunId(request.RunId);
        CheckTaskId(request.TaskId);
        byte[]? content;
        try
        {
            content = await Unavailable(() => states.GetAsync(request.RunId, request.TaskId, context.CancellationToken));
        }
        catch (InvalidDataException ex)
        {
            throw new RpcException(new Status(StatusCode.DataLoss, ex.Message));
        }
        return content is null ? new GetTaskStateResponse { Found = false }
            : new GetTaskStateResponse { Found = true, Content = ByteString.CopyFrom(content), Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)) };
    }

    private static void CheckRunId(string runId)
    {
        if (!RunIds.IsValid(runId)) throw Invalid($"run_id: '{runId}' is not a run id (letters, digits, '.', '_' and '-', at most {RunIds.MaxLength})");
    }

    // A refusal quotes the location it looked at: one of 100 KB would make an answer no client takes (64 KiB of headers).
    private static void CheckLocation(string location)
    {
        if (location.Length > MaxLocationLength) throw Invalid($"location: {location.Length:N0} characters; a checkpoint's location has at most {MaxLocationLength:N0}");
    }

    private const int MaxLocationLength = 2048;

    private static void CheckTaskId(string taskId)
    {
        if (!Core.Queue.TaskId.IsValid(taskId)) throw Invalid($"task_id: '{taskId}' is not a task id");
    }

    private static RpcException Invalid(string detail) => new(new Status(StatusCode.InvalidArgument, detail));

    private static async Task<T> Unavailable<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (IOException ex)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, ex.Message));
        }
    }
}
