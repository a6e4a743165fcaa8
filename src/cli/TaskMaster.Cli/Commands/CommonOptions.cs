using System.CommandLine;
using Microsoft.Extensions.Logging;
using TaskMaster.Cli.Parsing;
using TaskMaster.Core.Scheduling;
using TaskMaster.Scheduler.Control;

namespace TaskMaster.Cli.Commands;

/// <summary>Options shared by several commands, spelled and explained the same way everywhere.</summary>
internal static class CommonOptions
{
    public static Option<FileInfo> Queue()
    {
        var option = CliOptions.InputFile("--queue", "The task queue file (task-queue.md).", "the queue file (task-queue.md)", "-q");
        option.Required = true;
        return option;
    }

    /// <summary><c>resume</c>'s and <c>retry</c>'s: where the run's queue file is now, when it moved.</summary>
    public static Option<FileInfo> MovedQueue() => CliOptions.InputFile("--queue",
        "The queue file, if it moved since the checkpoint (it must be the same content).", "the queue file (task-queue.md)", "-q");

    public static Option<string?> Home() => CliOptions.Folder("--home",
        "TaskMaster's home folder: logs, task state, checkpoints. Default: $TASKMASTER_HOME, else ./.taskmaster.");

    /// <summary>An operator's reason for a control call, capped as the control API caps it.</summary>
    public static Option<string?> Reason() => CliOptions.Text("--reason",
        $"Why, for the audit log (optional; at most {ControlLimits.MaxTextLength:N0} characters).", "a reason", ControlLimits.MaxTextLength);

    /// <summary>A run of the home, by its id.</summary>
    public static Option<string?> Run(string description) => CliOptions.Id("--run", description, "a run id, e.g. run-20261124-234655-f192");

    public static Option<LogLevel> LogLevelOption()
    {
        var option = CliOptions.Custom<LogLevel>("--log-level",
            "Least severe log entry written: trace, debug, info, warn, error, critical.",
            "a log level: trace, debug, info, warn, error or critical", ParseLogLevel, LogLevel.Information, "trace|debug|info|warn|error|critical");
        option.CompletionSources.Add("trace", "debug", "info", "warn", "error", "critical");
        return option;
    }

    internal static bool ParseLogLevel(string text, out LogLevel level)
    {
        level = text.ToLowerInvariant() switch
        {
            "trace" or "verbose" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "info" or "information" => LogLevel.Information,
            "warn" or "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            "critical" or "fatal" => LogLevel.Critical,
            _ => LogLevel.None,
        };
        return level != LogLevel.None;
    }
}
