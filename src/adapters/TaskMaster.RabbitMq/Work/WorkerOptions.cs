using System.ComponentModel.DataAnnotations;

namespace TaskMaster.RabbitMq.Work;

/// <summary>A worker's settings (section <c>Worker</c>: <c>TASKMASTER_WORKER__CONCURRENCY</c>, …).</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>Names the worker in leases and logs; also its cancel queue's name. Default: host name and process id.</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9-]{0,62}$", ErrorMessage = "TASKMASTER_WORKER__ID must be lower-case letters, digits and dashes")]
    public string Id { get; set; } = DefaultId();

    /// <summary>The most attempts it runs at once.</summary>
    [Range(1, 10_000, ErrorMessage = "TASKMASTER_WORKER__CONCURRENCY must be between 1 and 10000")]
    public int Concurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>The cores its running attempts may ask for in all (a task's <c>resources: cpu</c>).</summary>
    [Range(0.01, 100_000, ErrorMessage = "TASKMASTER_WORKER__CORES must be positive")]
    public double Cores { get; set; } = Environment.ProcessorCount;

    /// <summary>The bytes of memory its running attempts may ask for in all; 0: not limited.</summary>
    [Range(0, long.MaxValue, ErrorMessage = "TASKMASTER_WORKER__MEMORYBYTES must not be negative")]
    public long MemoryBytes { get; set; }

    /// <summary>Its own TaskMaster home: task logs, state files, running attempts.</summary>
    [Required(ErrorMessage = "TASKMASTER_WORKER__HOME is required")]
    public string Home { get; set; } = ".taskmaster-worker";

    /// <summary>How often it renews the leases of what it runs: well under the scheduler's lease timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00", ErrorMessage = "TASKMASTER_WORKER__HEARTBEATINTERVAL must be between 50 ms and 10 min")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(400);

    /// <summary>
    /// How long a delivered attempt waits for room before it goes back to the queue for another
    /// worker: never near the broker's <c>consumer_timeout</c>, whatever the tasks' lengths.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RoomWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a delivered attempt waits for the scheduler's answer (may it start?) before it goes back
    /// to the queue, nothing started: a question or an answer lost with a restarting broker holds the
    /// delivery no longer than this. Well under the broker's <c>consumer_timeout</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "TASKMASTER_WORKER__ACCEPTANCETIMEOUT must be between 100 ms and 10 min")]
    public TimeSpan AcceptanceTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>On SIGTERM, how long its attempts have to finish before it hands the rest back.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "24:00:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often output lines are sent, batched.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan LogFlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    private static string DefaultId() =>
        new string([.. $"{Environment.MachineName}-{Environment.ProcessId}".ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
}
