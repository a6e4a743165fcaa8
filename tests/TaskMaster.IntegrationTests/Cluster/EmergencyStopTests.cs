using System.Globalization;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Events;
using TaskMaster.IntegrationTests.Messaging;
using TaskMaster.SchedulerService.Tests.Support;
using TaskStarted = TaskMaster.Core.Events.TaskStarted;

namespace TaskMaster.IntegrationTests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class EmergencyStopTests(ClusterStack stack)
{
    private const int Running = 4;

    [Fact]
    public async Task StopRun_Emergency_NothingStartsAfterTheAcknowledgementAndTheRunningTasksAreKilledOnEveryWorker()
    {
        // Four run at once (two on each worker: each takes two), two more wait for room. Each task says which worker runs it and its process id.
        var tasks = string.Join("\n", Enumerable.Range(1, Running + 2).Select(i =>
            $"### t{i}: Task {i}\n- run: `echo $$ > pid.tmp.$TASKMASTER_TASK_ID; echo \"$TASKMASTER_HOME\" > holder-$TASKMASTER_TASK_ID; mv pid.tmp.$TASKMASTER_TASK_ID pid-$TASKMASTER_TASK_ID; exec sleep 120`\n"));
        var (text, path) = stack.Queue("emergency", $"# Queue: emergency\n\n- concurrency: {Running}\n\n{tasks}");
        var folder = Path.GetDirectoryName(path)!;
        var client = stack.Client();
        var runId = (await client.SubmitRunAsync(new SubmitRunRequest { QueueText = text, QueuePath = path }, SchedulerClients.Within())).RunId;
        await Await.ConditionAsync(() => Directory.GetFiles(folder, "pid-*").Length == Running, TimeSpan.FromSeconds(60), stack.Logs);
        var pids = Directory.GetFiles(folder, "pid-*").Select(file => int.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture)).ToList();
        var workers = Directory.GetFiles(folder, "holder-*").Select(stack.WorkerOf).Distinct().Order().ToList();

        var stopped = await client.StopRunAsync(new StopRunRequest { RunId = runId, Emergency = true, Reason = "runaway" }, SchedulerClients.Within());
        var events = await RunWaits.WatchToEndAsync(client, runId, seconds: 120);

        Assert.Equal([0, 1], workers);
        Assert.True(stopped.JournalPosition > 0);
        Assert.Equal(Running, events.OfType<TaskStarted>().Count());
        Assert.DoesNotContain(events, e => e is TaskStarted && e.Sequence > stopped.JournalPosition);
        Assert.IsType<RunInterrupted>(events[^1]);
        await Await.ConditionAsync(() => pids.All(Gone), TimeSpan.FromSeconds(30),
            () => $"still running: {string.Join(", ", pids.Where(pid => !Gone(pid)))}");
    }

    // PID 1 here reaps no orphans: a killed process may stay a zombie, which runs nothing.
    private static bool Gone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}
