using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Worker.Tracking;

namespace TaskMaster.Worker.Tests.Support;

/// <summary>
/// A <see cref="ProcessTaskExecutor"/> on the real clock, with a queue folder and a home in a
/// temporary directory of its own that is deleted afterwards.
/// </summary>
internal sealed class ExecutorHarness : IAsyncDisposable
{
    public const string RunId = "run-1";

    private readonly string _root = Directory.CreateTempSubdirectory("taskmaster-worker-").FullName;

    public ExecutorHarness(
        TimeSpan? killGrace = null, int stderrTailLines = 20, TaskTracking tracking = TaskTracking.Auto,
        long taskLogMaxBytes = ProcessExecutorOptions.DefaultTaskLogMaxBytes)
    {
        QueueDirectory = Directory.CreateDirectory(Path.Combine(_root, "queue")).FullName;
        Home = new HomeLayout(Path.Combine(_root, "home"));
        var options = new ProcessExecutorOptions { Home = Home, StderrTailLines = stderrTailLines, Tracking = tracking, TaskLogMaxBytes = taskLogMaxBytes };
        if (killGrace is { } grace) options.KillGrace = grace;
        Executor = new ProcessTaskExecutor(options, TimeProvider.System, NullLogger<ProcessTaskExecutor>.Instance);
    }

    public string QueueDirectory { get; }

    public HomeLayout Home { get; }

    public ProcessTaskExecutor Executor { get; }

    public RecordingReporter Reporter { get; } = new();

    /// <summary>A task running <paramref name="command"/> with <c>/bin/sh</c>, all else default.</summary>
    public static TaskDefinition Task(string command, string id = "t") =>
        new() { Id = id, Title = id, Command = new TaskCommand(command, TaskCommand.DefaultShell, 1, IsScript: false) };

    public TaskLaunch Start(TaskDefinition task, int attempt = 1, int taskIndex = 0)
    {
        var launch = new TaskLaunch(RunId, taskIndex, task, attempt, QueueDirectory);
        Executor.Start(launch, Reporter);
        return launch;
    }

    /// <summary>Starts an attempt and awaits its completion.</summary>
    public Task<TaskAttemptResult> RunAsync(TaskDefinition task, int attempt = 1) => Reporter.CompletionOf(Start(task, attempt));

    public string InQueue(string relativePath) => Path.Combine(QueueDirectory, relativePath);

    public string ReadLog(string taskId = "t") => File.ReadAllText(Home.TaskLogPath(RunId, taskId));

    /// <summary>A pid a task wrote to a file in the queue folder (<c>echo $! &gt; child.pid</c>).</summary>
    public int ReadPid(string fileName) =>
        int.Parse(File.ReadAllText(InQueue(fileName)).Trim(), CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await Executor.DisposeAsync();
        Directory.Delete(_root, recursive: true);
        Assert.Equal(0, Reporter.DuplicateCompletions);
    }
}
