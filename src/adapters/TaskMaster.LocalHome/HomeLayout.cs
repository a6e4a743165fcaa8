namespace TaskMaster.LocalHome;

/// <summary>
/// Where things live under <c>$TASKMASTER_HOME</c>. Every part computes paths here so that they agree.
/// </summary>
public sealed class HomeLayout(string home)
{
    /// <summary>The environment variable that names the home.</summary>
    public const string EnvironmentVariable = "TASKMASTER_HOME";

    /// <summary>The default home, relative to the current directory.</summary>
    public const string DefaultHome = ".taskmaster";

    public string Home { get; } = Path.GetFullPath(home);

    /// <summary>Structured JSON-lines logs of the executor.</summary>
    public string LogsDirectory => Path.Combine(Home, "logs");

    /// <summary>One folder per run (see <see cref="RunDirectory"/>).</summary>
    public string RunsDirectory => Path.Combine(Home, "runs");

    /// <summary>Everything a run keeps: task logs, task state files.</summary>
    public string RunDirectory(string runId) => Path.Combine(RunsDirectory, runId);

    /// <summary>Checkpoints and <c>latest.json</c>, where they are written first.</summary>
    public string CheckpointsDirectory => Path.Combine(Home, "checkpoints");

    /// <summary>The redundant copy of every checkpoint (PRD-6 "redundant checkpoint storage locations").</summary>
    public string CheckpointsMirrorDirectory => Path.Combine(Home, "checkpoints-mirror");

    /// <summary>Where old checkpoints and logs are compressed to by monthly maintenance.</summary>
    public string ArchiveDirectory => Path.Combine(Home, "archive");

    /// <summary>The stdout and stderr of every attempt of a task, in one file.</summary>
    public string TaskLogPath(string runId, string taskId) => Path.Combine(RunDirectory(runId), "tasks", taskId + ".log");

    /// <summary>The file a task may keep its own intermediate state in (<c>TASKMASTER_STATE_FILE</c>).</summary>
    public string TaskStateFile(string runId, string taskId) => Path.Combine(RunDirectory(runId), "state", taskId + ".state");

    /// <summary>
    /// Where the executors of a run record its running attempts (<see cref="RunningAttemptsFile"/>), so
    /// that after a crash of the executor the next one can kill what the dead one left running.
    /// </summary>
    public string RunningDirectory(string runId) => Path.Combine(RunDirectory(runId), "running");

    /// <summary>A marker file of an earlier version: one running attempt (its process group and start time, its token and cgroup).</summary>
    public string RunningMarker(string runId, string taskId) => Path.Combine(RunningDirectory(runId), taskId + ".pgid");

    /// <summary>What <c>task-master runs</c> computed of a run, kept until its journal changes (a cache: deleting it is safe).</summary>
    public string RunListingFile(string runId) => Path.Combine(RunDirectory(runId), "listing.json");

    /// <summary>Parsed queues, by the SHA-256 of their file (see <c>QueueCache</c>): a cache, verified on every read; deleting it is safe.</summary>
    public string QueueCacheDirectory => Path.Combine(Home, "cache", "queues");

    /// <summary>The journal of a run: every event, one a line.</summary>
    public string JournalPath(string runId) => Path.Combine(RunDirectory(runId), "journal.jsonl");

    /// <summary>Held (flock) by the executor that owns this home; the kernel lets go when it dies.</summary>
    public string LockFile => Path.Combine(Home, "executor.lock");

    /// <summary>Who owns the home now: pid, run id, control socket (JSON).</summary>
    public string ExecutorInfoFile => Path.Combine(Home, "executor.json");

    /// <summary>The Unix socket the running executor serves its control API on.</summary>
    public string ControlSocket => Path.Combine(Home, "control.sock");

    /// <summary>The token control calls must carry; readable by its owner only.</summary>
    public string ControlTokenFile => Path.Combine(Home, "control.token");

    /// <summary>The id of the newest run started in this home.</summary>
    public string CurrentRunFile => Path.Combine(Home, "current-run");

    /// <summary>The home named by <c>--home</c>, else <c>$TASKMASTER_HOME</c>, else <c>./.taskmaster</c>.</summary>
    public static HomeLayout Resolve(string? option) =>
        new(!string.IsNullOrWhiteSpace(option) ? option
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env
            : DefaultHome);
}
