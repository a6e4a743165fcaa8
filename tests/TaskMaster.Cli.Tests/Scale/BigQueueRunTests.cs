using System.Text.RegularExpressions;
using TaskMaster.Benchmarks;
using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Scale;

/// <summary>
/// A generated queue of 20,000 tasks in ten phases (each task depending on three of the phase before),
/// through the real CLI as a user runs it: validated, executed with the durable journal, killed with
/// SIGKILL part-way, resumed to its end. The scale benchmark measures the same path up to a million.
/// </summary>
public sealed partial class BigQueueRunTests : IDisposable
{
    private const int Tasks = 20_000;

    private readonly QueueWorkspace _workspace = new("");

    public BigQueueRunTests() => BenchQueues.WriteMarkdown(_workspace.QueueFile, QueueShape.Phased, Tasks);

    [Fact]
    public async Task Validate_TwentyThousandPhasedTasks_Valid()
    {
        var result = await CliProcess.RunAsync(_workspace.Root, "validate", "--queue", "task-queue.md");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{Tasks} tasks in {BenchQueues.DefaultPhases} phases", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteKilledPartWayThenResume_TwentyThousandPhasedTasks_EachSucceedsOnceAndTheRunEnds()
    {
        await using (var execute = _workspace.StartExecute("-j", "8"))
        {
            // Early, so that the wait is short on a loaded machine; the resume does the bulk.
            await execute.WaitForOutputAsync($"  succeeded  {BenchQueues.TaskId(QueueShape.Phased, 1, 0)} ");
            execute.Signal(9);
            Assert.Equal(137, (await execute.WaitForExitAsync()).ExitCode);
        }
        Assert.InRange(SucceededTaskIds().Count, 1, Tasks - 1);

        await using var resume = CliProcess.Start(_workspace.Root, "resume", "--home", _workspace.Home, "--plain");
        // A guard against a hang, not a measure: 20,000 processes take minutes on a busy machine.
        var resumed = await resume.WaitForExitAsync(TimeSpan.FromMinutes(10));

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        var succeeded = SucceededEvents();
        Assert.Equal(Tasks, succeeded.Distinct().Count());
        // Nothing that had succeeded before the kill ran again.
        Assert.Equal(succeeded.Count, succeeded.Distinct().Count());
    }

    private HashSet<string> SucceededTaskIds() => [.. SucceededEvents()];

    private List<string> SucceededEvents() =>
        [.. TaskSucceeded().Matches(_workspace.JournalText()).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("\"type\":\"TaskSucceeded\",\"taskId\":\"([^\"]+)\"")]
    private static partial Regex TaskSucceeded();

    public void Dispose() => _workspace.Dispose();
}
