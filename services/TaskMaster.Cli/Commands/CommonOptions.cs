using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace TaskMaster.Cli.Commands;

/// <summary>Options shared by several commands, spelled and explained the same way everywhere.</summary>
internal static class CommonOptions
{
    public static Option<FileInfo> Queue() => new Option<FileInfo>("--queue", "-q")
    {
        Description = "The task queue file (task-queue.md).",
        Required = true,
    }.AcceptExistingOnly();

    /// <summary><c>resume</c>'s and <c>retry</c>'s: where the run's queue file is now, when it moved.</summary>
    public static Option<FileInfo> MovedQueue() => new Option<FileInfo>("--queue", "-q")
    {
        Description = "The queue file, if it moved since the checkpoint (it must be the same content).",
    }.AcceptExistingOnly();

    public static Option<string?> Home() => new("--home")
    {
        Description = "TaskMaster's home folder: logs, task state, checkpoints. " +
                      "Default: $TASKMASTER_HOME, else ./.taskmaster.",
    };

    public static Option<LogLevel> LogLevelOption()
    {
        var option = new Option<LogLevel>("--log-level")
        {
            Description = "Least severe log entry written: trace, debug, info, warn, error, critical.",
            DefaultValueFactory = _ => LogLevel.Information,
            CustomParser = result => ParseLogLevel(result.Tokens.Single().Value, out var level)
                ? level
                : Fail(result),
        };
        option.CompletionSources.Add("trace", "debug", "info", "warn", "error", "critical");
        return option;

        static LogLevel Fail(System.CommandLine.Parsing.ArgumentResult result)
        {
            result.AddError($"'{result.Tokens.Single().Value}' is not a log level; expected trace, debug, info, warn, error or critical.");
            return LogLevel.Information;
        }
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
