using StackExchange.Redis;
using TaskMaster.Core.Runs;

namespace TaskMaster.Redis;

/// <summary>
/// Every key TaskMaster keeps in Redis (docs/cluster-storage.md lists them). A run's keys share the
/// hash tag <c>{&lt;run-id&gt;}</c>, so in a Redis Cluster they live in one slot and one script may
/// touch them all; the catalog is one key of its own.
/// </summary>
public static class RedisKeys
{
    public const string Prefix = "taskmaster:";

    /// <summary>The run's journal: a stream whose entry ids are <c>&lt;sequence&gt;-0</c>, fields <c>seq</c> and <c>e</c> (RunEventJson bytes).</summary>
    public static RedisKey Events(string runId) => Run(runId, "events");

    /// <summary>The channel a journal publishes the last sequence of each flushed batch on, to wake followers.</summary>
    public static RedisChannel Appended(string runId) => RedisChannel.Literal($"{Prefix}run:{{{RunIds.Checked(runId)}}}:appended");

    /// <summary>The run's entry in the catalog: a hash with <c>queue</c>, <c>started</c> and, once it ended, <c>ended</c>.</summary>
    public static RedisKey RunInfo(string runId) => Run(runId, "info");

    /// <summary>What was submitted for the run (the scheduler service's submission JSON), kept so that it resumes from its own queue.</summary>
    public static RedisKey Submission(string runId) => Run(runId, "submission");

    /// <summary>The catalog: a sorted set of run ids scored by their start (Unix milliseconds).</summary>
    public static RedisKey Runs { get; } = new($"{Prefix}runs");

    /// <summary>The cached checkpoints' names, a sorted set scored by sequence.</summary>
    public static RedisKey CheckpointIndex(string runId) => Run(runId, "checkpoints");

    /// <summary>The cached checkpoints' bytes: a hash from name to the encoded file.</summary>
    public static RedisKey CheckpointBytes(string runId) => Run(runId, "checkpoint-bytes");

    /// <summary>
    /// The highest fencing token that has written to the run (field <c>token</c>) and how many writes of an older one
    /// were refused (<c>refused</c>): a hash the journal's scripts check and raise atomically with each write.
    /// </summary>
    public static RedisKey Fence(string runId) => Run(runId, "fence");

    /// <summary>The schedulers' lease: a string <c>&lt;fencing token&gt; &lt;holder id&gt; &lt;address&gt;</c> that expires unless renewed.</summary>
    public static RedisKey SchedulerLease { get; } = new($"{Prefix}{{scheduler}}:leader");

    /// <summary>The fencing counter: raised by one each time a scheduler wins the lease, never lowered (same slot as the lease).</summary>
    public static RedisKey FencingCounter { get; } = new($"{Prefix}{{scheduler}}:fencing");

    private static RedisKey Run(string runId, string what) => new($"{Prefix}run:{{{RunIds.Checked(runId)}}}:{what}");
}
