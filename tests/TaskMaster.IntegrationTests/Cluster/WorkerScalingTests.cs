using System.Diagnostics;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Events;
using TaskMaster.IntegrationTests.Messaging;
using TaskMaster.SchedulerService.Tests.Support;

namespace TaskMaster.IntegrationTests.Cluster;

/// <summary>Issue 11: workers added to or removed from the stack while a run goes on.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WorkerScalingTests(ClusterStack stack, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    // The stack's workers hold 2 each: two more tasks than that wait, ready, for room.
    private const int Tasks = ClusterStack.WorkerCount * 2 + 2;

    [Fact]
    public async Task WorkerAddedMidRun_WithTasksWaitingForRoom_TakesOneAndTheRunCompletesWithEachTaskSucceededOnce()
    {
        var (runId, folder) = await SubmitHeldRunAsync("scale-up");
        AddedWorker? added = null;
        try
        {
            await Await.ConditionAsync(() => Holders(folder).Count == Tasks - 2, Timeout, stack.Logs);
            added = await stack.AddWorkerAsync(cancellationToken: TestContext.Current.CancellationToken);
            var ready = Stopwatch.StartNew();
            await Await.ConditionAsync(() => Holders(folder).ContainsValue(added.Home), Timeout, () => stack.Logs() + added.Process.LogTail());
            output.WriteLine($"worker added mid-run (ready) -> its first task started: {ready.ElapsedMilliseconds} ms");
            Release(folder);
            var events = await RunWaits.WatchToEndAsync(stack.Client(), runId, seconds: 120);

            Assert.True(Assert.IsType<RunCompleted>(events[^1]).Succeeded);
            AssertEachTaskSucceededOnce(events);
            Assert.Contains(added.Home, Holders(folder).Values);
        }
        finally
        {
            Release(folder);
            if (added is not null) await stack.RemoveWorkerAsync(added);
        }
    }

    [Fact]
    public async Task WorkerRemovedMidRun_HoldingALongTask_HandsItBackAndAnotherWorkerRunsIt_AndTheRunCompletesWithEachTaskSucceededOnce()
    {
        var leaving = await stack.AddWorkerAsync(concurrency: 1, new Dictionary<string, string> { ["TASKMASTER_WORKER__DRAINTIMEOUT"] = "00:00:01" },
            TestContext.Current.CancellationToken);
        string folder = "";
        try
        {
            (var runId, folder) = await SubmitHeldRunAsync("scale-down");
            await Await.ConditionAsync(() => Holders(folder).ContainsValue(leaving.Home), Timeout, () => stack.Logs() + leaving.Process.LogTail());
            var handedBack = Holders(folder).Single(h => h.Value == leaving.Home).Key;

            await stack.RemoveWorkerAsync(leaving, TestContext.Current.CancellationToken);
            Release(folder);
            var events = await RunWaits.WatchToEndAsync(stack.Client(), runId, seconds: 120);

            Assert.True(Assert.IsType<RunCompleted>(events[^1]).Succeeded);
            AssertEachTaskSucceededOnce(events);
            Assert.Empty(events.OfType<TaskFailed>());
            var ranOn = File.ReadAllLines(Path.Combine(folder, $"ran-{handedBack}"));
            Assert.Equal(2, ranOn.Length);
            Assert.Equal(leaving.Home, ranOn[0]);
            Assert.NotEqual(leaving.Home, ranOn[1]);
        }
        finally
        {
            if (folder != "") Release(folder);
            await stack.RemoveWorkerAsync(leaving);
        }
    }

    /// <summary>
    /// A run of <see cref="Tasks"/> independent tasks, each noting the home of every worker that starts
    /// it (<c>ran-ID</c>, a line per start) and then running until the test releases them.
    /// </summary>
    private async Task<(string RunId, string Folder)> SubmitHeldRunAsync(string name)
    {
        var tasks = Enumerable.Range(1, Tasks).Select(k => $"""

            ### t{k}: Held until released
            - run: `echo "$TASKMASTER_HOME" >> ran-t{k}; while [ ! -f release ]; do sleep 0.05; done`
            """);
        var (text, path) = stack.Queue(name, $"# Queue: {name}\n\n- concurrency: {Tasks}\n{string.Concat(tasks)}\n");
        var runId = (await stack.Client().SubmitRunAsync(new SubmitRunRequest { QueueText = text, QueuePath = path }, SchedulerClients.Within())).RunId;
        return (runId, Path.GetDirectoryName(path)!);
    }

    /// <summary>Each started task, by id, and the home of the worker that started it first.</summary>
    private static Dictionary<string, string> Holders(string folder) =>
        Directory.EnumerateFiles(folder, "ran-*")
            .Select(f => (Task: Path.GetFileName(f)["ran-".Length..], Lines: File.ReadAllLines(f)))
            .Where(f => f.Lines.Length > 0)
            .ToDictionary(f => f.Task, f => f.Lines[0]);

    private static void Release(string folder) => File.WriteAllText(Path.Combine(folder, "release"), "");

    private static void AssertEachTaskSucceededOnce(List<RunEvent> events) =>
        Assert.Equal(Enumerable.Range(1, Tasks).Select(k => $"t{k}").Order(StringComparer.Ordinal),
            events.OfType<TaskSucceeded>().Select(s => s.TaskId).Order(StringComparer.Ordinal));
}
