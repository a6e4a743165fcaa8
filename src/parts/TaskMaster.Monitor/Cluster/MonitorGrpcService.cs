using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TaskMaster.Contracts.Monitor.V1;
using TaskMaster.Core.Events;
using TaskMaster.Core.Runs;
using TaskMaster.Core.ReadModel;

namespace TaskMaster.Monitor.Cluster;

/// <summary>
/// <c>taskmaster.monitor.v1.MonitorService</c>: the runs and statuses the monitor folded, and each
/// run's events read from its stream (the same the monitor folds). Read only; an unknown run is NOT_FOUND.
/// </summary>
public sealed class MonitorGrpcService(ClusterMonitor monitor, IRunEventStream stream) : MonitorService.MonitorServiceBase
{
    public override Task<ListRunsResponse> ListRuns(ListRunsRequest request, ServerCallContext context)
    {
        var response = new ListRunsResponse();
        response.Runs.AddRange(monitor.Runs.Select(r => ToMessage(ClusterRunListing.Of(r))));
        return Task.FromResult(response);
    }

    public override Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = Known(request.RunId);
        if (run.Status?.Snapshot(request.Detailed) is not { } status)
            throw new RpcException(new Status(StatusCode.Unavailable, run.Problem ?? $"run {run.RunId} has not been folded yet"));
        return Task.FromResult(new GetStatusResponse
        {
            RunId = run.RunId,
            Sequence = run.Status.Sequence,
            StatusJson = ByteString.CopyFrom(RunStatusJson.Serialize(status), Encoding.UTF8),
        });
    }

    public override async Task WatchEvents(WatchEventsRequest request, IServerStreamWriter<WatchEventsResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var run = Known(request.RunId);
        await foreach (var e in stream.ReadAsync(run.RunId, request.AfterSequence, request.Follow, context.CancellationToken).ConfigureAwait(false))
        {
            await responseStream.WriteAsync(new WatchEventsResponse
            {
                Sequence = e.Sequence,
                Type = e.GetType().Name,
                Json = ByteString.CopyFrom(RunEventJson.Serialize(e)),
            }, context.CancellationToken).ConfigureAwait(false);
        }
    }

    private ClusterRun Known(string runId) =>
        monitor.TryGet(runId, out var run) ? run : throw new RpcException(new Status(StatusCode.NotFound, $"no run '{runId}' in the cluster's catalog"));

    private static MonitoredRun ToMessage(ClusterRunListing listing)
    {
        var message = new MonitoredRun
        {
            RunId = listing.RunId,
            QueueName = listing.QueueName,
            StartedAt = Timestamp.FromDateTimeOffset(listing.StartedAt),
            State = listing.State is { } state ? System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(state.ToString()) : "",
            Finished = listing.Finished,
            Total = listing.Total,
            Percent = listing.Percent,
            Sequence = listing.Sequence,
            Problem = listing.Problem ?? "",
        };
        if (listing.EndedAt is { } ended) message.EndedAt = Timestamp.FromDateTimeOffset(ended);
        return message;
    }
}
