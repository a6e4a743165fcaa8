using System.ComponentModel.DataAnnotations;
using StackExchange.Redis;

namespace TaskMaster.Redis;

/// <summary>
/// Where the cluster's Redis is: <c>TASKMASTER_REDIS__ENDPOINT</c> (a StackExchange.Redis
/// configuration string: <c>host:port</c>, optionally <c>,password=…</c>) and
/// <c>TASKMASTER_REDIS__CHECKPOINTSKEPT</c>. The server must run with <c>appendonly yes</c> and
/// <c>appendfsync always</c> for the journal to be durable (docs/cluster-storage.md).
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    [Required(ErrorMessage = "TASKMASTER_REDIS__ENDPOINT is not set (e.g. 127.0.0.1:6379)")]
    public string Endpoint { get; set; } = "";

    /// <summary>Checkpoints the Redis cache keeps per run, the newest.</summary>
    [Range(1, 100, ErrorMessage = "TASKMASTER_REDIS__CHECKPOINTSKEPT must be 1 to 100")]
    public int CheckpointsKept { get; set; } = RedisCheckpointCache.DefaultKeep;

    /// <summary>
    /// A connection that starts even while Redis is down and reconnects by itself: a service comes up,
    /// reports not ready, and is ready once Redis answers.
    /// </summary>
    /// <exception cref="ArgumentException">The endpoint is not a configuration string; the message names the setting.</exception>
    public ConnectionMultiplexer Connect()
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(Endpoint);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"TASKMASTER_REDIS__ENDPOINT: '{Endpoint}': {ex.Message}", ex);
        }
        options.AbortOnConnectFail = false;
        return ConnectionMultiplexer.Connect(options);
    }
}
