using Microsoft.Extensions.Logging;
using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Core.Tests.Scheduling;

/// <summary>What the structured log keeps of a run at the default level.</summary>
public sealed class RunEventLoggerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OnEvent_AtInformation_SucceededAttemptLeavesNoEntryAndFailedOneDoes()
    {
        var log = new RecordingLogger(LogLevel.Information);
        var logger = new RunEventLogger(log);
        var state = new RunState(QueueOf(TaskDef("ok"), TaskDef("bad")));

        foreach (var e in new RunEvent[]
        {
            new TaskStarted(T0, "ok", 1),
            new TaskSucceeded(T0, "ok", 1, 0, TimeSpan.FromSeconds(1)),
            new TaskStarted(T0, "bad", 1),
            new TaskFailed(T0, "bad", 1, TaskFailureClass.Permanent, TaskFailureKind.ExitCode, 1, null, TimeSpan.FromSeconds(1), "exit code 1", [], WillRetry: false),
        })
        {
            logger.OnEvent(e, state);
        }

        var entry = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.StartsWith("Task bad attempt 1 failed", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnEvent_AtDebug_LogsEveryAttemptsStartAndSuccess()
    {
        var log = new RecordingLogger(LogLevel.Debug);
        var logger = new RunEventLogger(log);
        var state = new RunState(QueueOf(TaskDef("ok")));

        logger.OnEvent(new TaskStarted(T0, "ok", 1), state);
        logger.OnEvent(new TaskSucceeded(T0, "ok", 1, 0, TimeSpan.FromSeconds(1)), state);

        Assert.Equal([LogLevel.Debug, LogLevel.Debug], log.Entries.Select(e => e.Level));
    }

    private sealed class RecordingLogger(LogLevel minimum) : ILogger<RunEventLogger>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) Entries.Add((logLevel, formatter(state, exception)));
        }
    }
}
