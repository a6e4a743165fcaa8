using System.CommandLine;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using TaskMaster.Checkpoint;
using TaskMaster.Checkpoint.Journal;
using TaskMaster.Cli.Parsing;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Worker;

namespace TaskMaster.Cli.Commands;

/// <summary>The options of every command that runs a queue (<c>execute</c>, <c>resume</c>), defined once.</summary>
internal sealed class RunOptions
{
    public Option<string?> Home { get; } = CommonOptions.Home();

    public Option<LogLevel> LogLevel { get; } = CommonOptions.LogLevelOption();

    public Option<int?> Concurrency { get; } = CliOptions.WholeNumber("--concurrency",
        "At most this many tasks run at once. Default: the queue's `concurrency`, else the number of cores.", 1, 1_000_000, "-j");

    public Option<double?> Cpus { get; } = CliOptions.Number("--cpus",
        "Cores handed out to tasks (each declares `resources: cpu=`, default 1). " +
        "Default: the larger of the number of cores and the concurrency.", 0.001, 1_000_000);

    public Option<string?> Memory { get; } = CliOptions.Size("--memory",
        "Memory handed out to tasks (`resources: memory=`), e.g. 8Gi. Default: the memory available to this process.");

    public Option<bool> Autonomous { get; } = new("--autonomous-mode")
    {
        Description = "Never wait for a person: every decision (retry, block, give up, roll back) is taken by policy and recorded. " +
                      "Without it, a permanent failure of a `critical: true` task pauses the run for an operator.",
    };

    public Option<string> CheckpointInterval { get; } = CliOptions.Duration("--checkpoint-interval",
        "Take a checkpoint this often (a duration such as 30s, 5m, 1h; 0 turns the timer off). " +
        "Checkpoints are also taken at the start, after `checkpoint: after` tasks and at the end.",
        TimeSpan.Zero, TimeSpan.FromDays(30), "5m");

    public Option<string?> CheckpointMirror { get; } = CliOptions.Folder("--checkpoint-mirror",
        "A second folder every checkpoint is also written to. Default: $TASKMASTER_HOME/checkpoints-mirror.");

    public Option<bool> NoJournalMirror { get; } = new("--no-journal-mirror")
    {
        Description = "Do not write the journal's mirror (by default every journal flush also writes the same bytes to " +
                      "<checkpoint mirror>/journals/<run-id>.jsonl, fsynced at the same time, so that a damaged record can be repaired).",
    };

    public Option<int> CheckpointRetain { get; } = CliOptions.WholeNumber("--checkpoint-retain",
        "How many checkpoints to keep in each folder (older ones are deleted; see `maintenance` to archive them).", 1, 100_000, 20);

    // Kept as written, so that the help shows the default as a size (read it with SizeFormat).
    public Option<string> TaskLogMax { get; } = CliOptions.Custom<string>("--task-log-max",
        "The most output one attempt of a task keeps in its log (e.g. 50Mi, 1Gi; 0: no limit). Past it the log keeps " +
        "the first and the last half and says how many bytes were cut between them.",
        "0 (no limit) or a size of at least 1Ki, such as 50Mi or 1Gi",
        IsTaskLogMax, "50Mi", "SIZE");

    public Option<bool> Plain { get; } = new("--plain")
    {
        Description = "Print one timestamped line per event instead of the live view (the default when output is not a terminal).",
    };

    public MonitorCommandOptions Monitor { get; } = new();

    public MonitoringOptions Monitoring { get; } = new();

    public GrpcCommandOptions Grpc { get; } = new();

    public void AddTo(Command command)
    {
        Monitor.AddTo(command);
        Grpc.AddTo(command);
        Monitoring.AddTo(command);
        foreach (var option in new Option[] { Concurrency, Autonomous, LogLevel, Home, Cpus, Memory, CheckpointInterval, CheckpointMirror, NoJournalMirror, CheckpointRetain, TaskLogMax, Plain })
            command.Options.Add(option);
    }

    private static bool IsTaskLogMax(string text, out string value)
    {
        value = text;
        return SizeFormat.TryParse(text, out var bytes) && (bytes == 0 || bytes >= 1024);
    }

    public ExecuteSettings Read(ParseResult result, FileInfo? queue)
    {
        long? memory = SizeFormat.TryParse(result.GetValue(Memory) ?? "", out var bytes) ? bytes : null;
        var interval = result.GetValue(CheckpointInterval) is { } text && DurationFormat.TryParse(text, out var span) ? span : TimeSpan.Zero;
        return new ExecuteSettings(
            queue,
            HomeLayout.Resolve(result.GetValue(Home)),
            result.GetValue(Concurrency),
            result.GetValue(Cpus),
            memory,
            result.GetValue(Autonomous),
            result.GetValue(LogLevel),
            result.GetValue(Plain) || Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive,
            interval,
            result.GetValue(CheckpointMirror),
            result.GetValue(CheckpointRetain),
            Monitor.Read(result))
        {
            Monitoring = Monitoring.Read(result), Grpc = Grpc.Read(result), JournalMirror = !result.GetValue(NoJournalMirror),
            TaskLogMaxBytes = SizeFormat.TryParse(result.GetValue(TaskLogMax), out var logMax) ? logMax : ProcessExecutorOptions.DefaultTaskLogMaxBytes,
        };
    }
}

/// <summary>Everything a run was asked to do, after parsing the command line.</summary>
internal sealed record ExecuteSettings(
    FileInfo? Queue,
    HomeLayout Home,
    int? Concurrency,
    double? Cpus,
    long? MemoryBytes,
    bool Autonomous,
    LogLevel LogLevel,
    bool Plain,
    TimeSpan CheckpointInterval,
    string? CheckpointMirror,
    int CheckpointRetain,
    MonitorRequest? Monitor = null)
{
    /// <summary>History and alerts (<see cref="MonitoringOptions"/>).</summary>
    public MonitoringSettings Monitoring { get; init; } = MonitoringSettings.Default;

    /// <summary>The native gRPC endpoint on TCP; null without <c>--grpc-port</c>.</summary>
    public GrpcRequest? Grpc { get; init; }

    /// <summary>The most output bytes one attempt keeps in its task log (<c>--task-log-max</c>); 0: no limit.</summary>
    public long TaskLogMaxBytes { get; init; } = ProcessExecutorOptions.DefaultTaskLogMaxBytes;

    /// <summary>False with <c>--no-journal-mirror</c>.</summary>
    public bool JournalMirror { get; init; } = true;

    /// <summary>The journal of <paramref name="runId"/>, mirrored next to the checkpoints' mirror unless <see cref="JournalMirror"/> is off.</summary>
    public JournalFiles Journal(HomeLayout home, string runId) =>
        JournalFiles.Of(home, runId, CheckpointStore(home).MirrorDirectory, JournalMirror);

    public CheckpointStoreOptions CheckpointStore(HomeLayout home)
    {
        var options = CheckpointStoreOptions.For(home);
        if (CheckpointMirror is not null) options.MirrorDirectory = Path.GetFullPath(CheckpointMirror);
        options.Retain = CheckpointRetain;
        return options;
    }

    /// <summary>The scheduler's settings for a queue: CLI flags over the queue's defaults over the machine's.</summary>
    public SchedulerOptions SchedulerOptions(QueueDefinition queue, string runId, string? resumedFrom)
    {
        var concurrency = Concurrency ?? queue.Concurrency ?? Environment.ProcessorCount;
        var options = new SchedulerOptions
        {
            RunId = runId,
            Concurrency = concurrency,
            // With no --cpus, the concurrency alone limits tasks that declare no resources (cpu=1 each).
            CpuCapacity = Cpus ?? Math.Max(Environment.ProcessorCount, concurrency),
            Autonomous = Autonomous,
            ResumedFrom = resumedFrom,
        };
        if (MemoryBytes is { } memory) options.MemoryCapacity = memory;
        return options;
    }
}
