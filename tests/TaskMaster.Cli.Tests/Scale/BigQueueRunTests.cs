using System.Text.RegularExpressions;
using TaskMaster.Benchmarks;
using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Scale;

/// <summary>
/// A generated queue of 20,000 tasks in ten phases (each task depending on three of the phase before),
/// through the real CLI as a user runs it: validated, executed with the durable journal, killed with
/// SIGKILL half-way, resumed to its end. The scale benchmark measures the same path up to a million.
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
    public async Task ExecuteKilledHalfWayThenResume_TwentyThousandPhasedTasks_EachSucceedsOnceAndTheRunEnds()
    {
        await using (var execute = _workspace.StartExecute("-j", "8"))
        {
            // The first task of phase 6 starts only once phase 5 has run: half the queue is behind it.
            await execute.WaitForOutputAsync($"  succeeded  {BenchQueues.TaskId(QueueShape.Phased, 5, 0)} ");
            execute.Signal(9);
            Assert.Equal(137, (await execute.WaitForExitAsync()).ExitCode);
        }
        var beforeResume = SucceededTaskIds();
        Assert.InRange(beforeResume.Count, Tasks / 2, Tasks - 1);

        var resumed = await CliProcess.RunAsync(_workspace.Root, "resume", "--home", _workspace.Home, "--plain");

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
