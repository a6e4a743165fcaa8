using StackExchange.Redis;
using TaskMaster.Checkpoint.Remote;
using TaskMaster.Contracts.Checkpoint.V1;
using TaskMaster.Core.Runs;
using TaskMaster.LocalHome;
using TaskMaster.RabbitMq;
using TaskMaster.RabbitMq.Dispatch;
using TaskMaster.Redis;
using TaskMaster.Scheduler.Runs;

namespace TaskMaster.SchedulerService.Cluster;

/// <summary>
/// The scheduler service's adapters in the cluster: the catalog, each run's journal (a stream), its
/// event stream and its submission in Redis; its checkpoints through the checkpoint service; its
/// attempts over RabbitMQ to the worker services (one <see cref="BrokerTaskExecutor"/> per run, from the
/// process's <see cref="BrokerDispatcher"/>). Only the task state files workers send back are kept on
/// this machine (under <paramref name="stateDirectory"/>), where checkpoints read them and the next attempt is sent them from.
/// </summary>
internal sealed class ClusterSchedulerAdapters(
    IConnectionMultiplexer redis, BrokerDispatcher dispatcher, CheckpointService.CheckpointServiceClient checkpoints,
    string stateDirectory, TimeProvider time) : ISchedulerAdapters
{
    private readonly HomeLayout _home = new(stateDirectory);

    public IRunCatalog Catalog { get; } = new RedisRunCatalog(redis);

    public IRunEventStream Events { get; } = new RedisRunEventStream(redis, time);

    public IRunSubmissionStore Submissions { get; } = new RedisRunSubmissions(redis);

    public async ValueTask<RunAdapters> OpenRunAsync(string runId, bool resuming, Func<long> fencingToken, CancellationToken cancellationToken)
    {
        // A stream has no torn tail to cut: a flush is in Redis whole or not at all. What a killed scheduler
        // left running on a worker is cancelled by the dispatcher at that worker's next heartbeat (no executor
        // here waits for it), and its late result finds no attempt to apply to.
        // Opening raises the run's fence to this term's token: from here on an older leader's writes are refused.
        var journal = await RedisEventJournal.OpenAsync(redis, runId, fencingToken, cancellationToken).ConfigureAwait(false);
        var executor = dispatcher.CreateExecutor(runId, new TaskStateFiles(_home));
        var runCheckpoints = new ClusterRunCheckpoints(runId, new GrpcCheckpointStore(checkpoints, fencingToken), new GrpcCheckpointLoader(checkpoints));
        return new RunAdapters(journal, RedisKeys.Events(runId).ToString(), executor, runCheckpoints, _home);
    }
}
