using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Compact;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Storage;
using TaskMaster.LocalHome;

namespace TaskMaster.Cli.Hosting;

/// <summary>Structured JSON-lines logs under <c>$TASKMASTER_HOME/logs</c>, one file a day, kept a month.</summary>
internal static class RunLogging
{
    public const string FilePattern = "taskmaster-.jsonl";

    public static ILoggerFactory Create(HomeLayout home, LogLevel level, string runId)
    {
        PrivateFiles.CreateDirectory(home.LogsDirectory);
        var logger = new LoggerConfiguration()
            .MinimumLevel.Is(ToSerilog(level))
            .Enrich.WithProperty("RunId", runId)
            .WriteTo.Async(sink => sink.File(
                new RenderedCompactJsonFormatter(),
                Path.Combine(home.LogsDirectory, FilePattern),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 31,
                hooks: OwnerOnlyLogFiles.Instance))
            .CreateLogger();
        return new SerilogLoggerFactory(logger, dispose: true);
    }

    /// <summary>Today's log file (what the rolling sink writes to).</summary>
    public static string CurrentFile(HomeLayout home, DateTimeOffset now) =>
        Path.Combine(home.LogsDirectory, $"taskmaster-{now.LocalDateTime:yyyyMMdd}.jsonl");

    private static LogEventLevel ToSerilog(LogLevel level) => level switch
    {
        LogLevel.Trace => LogEventLevel.Verbose,
        LogLevel.Debug => LogEventLevel.Debug,
        LogLevel.Information => LogEventLevel.Information,
        LogLevel.Warning => LogEventLevel.Warning,
        LogLevel.Error => LogEventLevel.Error,
        _ => LogEventLevel.Fatal,
    };
}
