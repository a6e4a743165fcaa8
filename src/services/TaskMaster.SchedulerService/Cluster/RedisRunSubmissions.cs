using System.Text.Json;
using StackExchange.Redis;
using TaskMaster.Redis;
using TaskMaster.Scheduler.Control;
using TaskMaster.Scheduler.Runs;

namespace TaskMaster.SchedulerService.Cluster;

/// <summary>
/// Each run's submission as the JSON string <c>taskmaster:run:{&lt;run-id&gt;}:submission</c>: durable
/// as the journal is (Redis with <c>appendfsync always</c> has it in its AOF when the SET answers),
/// written before the run is listed, so a scheduler on any machine resumes the run from its own queue.
/// </summary>
internal sealed class RedisRunSubmissions(IConnectionMultiplexer redis) : IRunSubmissionStore
{
    private readonly IDatabase _db = redis.GetDatabase();

    public async ValueTask SaveAsync(string runId, RunSubmission submission, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(submission);
        await RedisStoreException.Guard(() => _db.StringSetAsync(RedisKeys.Submission(runId), json), $"keeping the submission of {runId}").WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<RunSubmission?> LoadAsync(string runId, CancellationToken cancellationToken)
    {
        var json = await RedisStoreException.Guard(() => _db.StringGetAsync(RedisKeys.Submission(runId)), $"reading the submission of {runId}").WaitAsync(cancellationToken).ConfigureAwait(false);
        return json.IsNull ? null : JsonSerializer.Deserialize<RunSubmission>((byte[])json!);
    }
}
