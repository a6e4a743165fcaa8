using MassTransit;
using TaskMaster.Core.Policies;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.LocalHome;
using TaskMaster.RabbitMq.Messages;

namespace TaskMaster.IntegrationTests.Messaging;

/// <summary>The scheduler's broker executor and workers in this process, on the shared broker: real processes, real queues.</summary>
public sealed class BrokerTaskExecutorTests(Servers servers)
{
    private static readonly TimeSpan Timeout = Timeouts.Long;

    [Fact]
    public async Task Start_ATask_RunsOnAWorkerAndReportsProgressOutputStateAndResult()
    {
        await using var cluster = await BrokerCluster.StartAsync(servers.RabbitMq);
        await cluster.AddWorkerAsync("w1");
        var runId = NewRunId();
        await using var executor = cluster.CreateExecutor(runId);
        cluster.SchedulerState.Write(runId, "build", "before\n"u8.ToArray());
        var reporter = new RecordingReporter();

        executor.Start(cluster.Launch(runId, "build",
            "echo '::progress 50 half way'; cat \"$TASKMASTER_STATE_FILE\"; echo oops >&2; echo after > \"$TASKMASTER_STATE_FILE\""), reporter);

        var progress = await reporter.NextProgressAsync(Timeout);
        var result = await reporter.NextCompletionAsync(Timeout);
        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal((50.0, "half way"), (progress.Percent, progress.Message));
        Assert.Equal("after\n", System.Text.Encoding.UTF8.GetString(cluster.SchedulerState.Read(runId, "build", out _)!));
        await cluster.LogLinesWithAsync(runId, "build", l => l is { Stream: AttemptOutputStream.Stdout, Text: "before" }, Timeout);
        var lines = await cluster.LogLinesWithAsync(runId, "build", l => l is { Stream: AttemptOutputStream.Stderr, Text: "oops" }, Timeout);
        Assert.Contains(lines, l => l is { Stream: AttemptOutputStream.Stdout, Text: "before" });
        Assert.Contains(lines, l => l is { Stream: AttemptOutputStream.Stderr, Text: "oops" });
        Assert.Equal(0, executor.Pending);
    }

    [Fact]
    public async Task Completed_DeliveredTwice_IsAppliedOnce()
    {
        await using var cluster = await BrokerCluster.StartAsync(servers.RabbitMq);
        var runId = NewRunId();
        await using var executor = cluster.CreateExecutor(runId);
        // This test is the worker: it takes the dispatches and answers them itself.
        var fakeWorker = await DispatchTaker.StartAsync(cluster);
        var reporter = new RecordingReporter();
        executor.Start(cluster.Launch(runId, "a", "true", index: 0), reporter);
        executor.Start(cluster.Launch(runId, "b", "true", index: 1), reporter);
        var first = await fakeWorker.NextAsync();
        var second = await fakeWorker.NextAsync();
        var scheduler = await cluster.SchedulerBus.GetSendEndpoint(cluster.Settings.Topology.SchedulerAddress);
        var done = new AttemptCompleted(first.DispatchId, runId, "fake", true, 0, null, null, TimeSpan.FromSeconds(1), null, [], null);

        await scheduler.Send(done);
        await scheduler.Send(done);
        // The scheduler queue is consumed in order: once this progress is reported, both results were handled.
        await scheduler.Send(new AttemptProgress(second.DispatchId, runId, 10, "marker"));
        await reporter.NextProgressAsync(Timeout);

        var applied = Assert.Single(reporter.Completions);
        Assert.Equal(first.TaskIndex, applied.Launch.TaskIndex);
        Assert.True(applied.Succeeded);
        Assert.Equal(1, executor.Pending);
        await fakeWorker.StopAsync();
    }

    [Fact]
    public async Task Heartbeat_NamingAnAttemptItsSenderWasNotAccepted_MakesNoHolder()
    {
        await using var cluster = await BrokerCluster.StartAsync(servers.RabbitMq);
        var runId = NewRunId();
        await using var executor = cluster.CreateExecutor(runId);
        // This test is the workers: one whose question was lost, which names the attempt in its heartbeats, and another.
        var fakeWorker = await DispatchTaker.StartAsync(cluster);
        var reporter = new RecordingReporter();
        executor.Start(cluster.Launch(runId, "a", "true"), reporter);
        var dispatch = await fakeWorker.NextAsync();
        var scheduler = await cluster.SchedulerBus.GetSendEndpoint(cluster.Settings.Topology.SchedulerAddress);
        var acceptance = cluster.SchedulerBus.CreateRequestClient<AttemptAccepted>(cluster.Settings.Topology.SchedulerAddress, Timeout);

        await scheduler.Send(new WorkerHeartbeat("lost-question", [new HeldAttempt(runId, dispatch.DispatchId)]));
        await scheduler.Send(new WorkerHeartbeat("lost-question", [new HeldAttempt(runId, dispatch.DispatchId)]));
        // Consumed in order, after the heartbeats: had they made their sender the holder, this worker would be told no.
        var answer = await acceptance.GetResponse<AttemptAcceptance>(new AttemptAccepted(dispatch.DispatchId, runId, "asked"));

        Assert.True(answer.Message.Start);
        Assert.Empty(reporter.Completions);
        await fakeWorker.StopAsync();
    }

    [Fact]
    public async Task Cancel_AHeldAttemptItsWorkerThenHandsBack_EndsAsCancelledAndIsNotStartedAgain()
    {
        await using var cluster = await BrokerCluster.StartAsync(servers.RabbitMq);
        var runId = NewRunId();
        await using var executor = cluster.CreateExecutor(runId);
        // This test is the worker: it takes the attempt, is told yes, and hands it back after the cancel (a drain's race).
        var fakeWorker = await DispatchTaker.StartAsync(cluster);
        var reporter = new RecordingReporter();
        executor.Start(cluster.Launch(runId, "a", "true"), reporter);
        var dispatch = await fakeWorker.NextAsync();
        var scheduler = await cluster.SchedulerBus.GetSendEndpoint(cluster.Settings.Topology.SchedulerAddress);
        var acceptance = cluster.SchedulerBus.CreateRequestClient<AttemptAccepted>(cluster.Settings.Topology.SchedulerAddress, Timeout);
        var held = await acceptance.GetResponse<AttemptAcceptance>(new AttemptAccepted(dispatch.DispatchId, runId, "holder"));

        executor.Cancel(0, 1);
        await scheduler.Send(new AttemptHandedBack(dispatch.DispatchId, runId, "holder", "shutting down"));
        var result = await reporter.NextCompletionAsync(Timeout);
        var retaken = await acceptance.GetResponse<AttemptAcceptance>(new AttemptAccepted(dispatch.DispatchId, runId, "another"));

        Assert.True(held.Message.Start);
        Assert.Equal(TaskFailureKind.Cancelled, result.FailureKind);
        // Its own end, not the lease's (ten seconds here).
        Assert.Contains("handed it back", result.Reason);
        Assert.False(retaken.Message.Start);
        await fakeWorker.StopAsync();
    }

    [Fact]
    public async Task Start_QueueFolderNotVisibleOnTheWorker_FailsPermanentlyWithTheReason()
    {
        await using var cluster = await BrokerCluster.StartAsync(servers.RabbitMq);
        await cluster.AddWorkerAsync("w1");
        var runId = NewRunId();
        await using var executor = cluster.CreateExecutor(runId);
        var reporter = new RecordingReporter();
        var launch = cluster.Launch(runId, "a", "true") with { QueueDirectory = Path.Combine(cluster.Folder, "not-mounted") };

        executor.Start(launch, reporter);

        var result = await reporter.NextCompletionAsync(Timeout);
        Assert.False(result.Succeeded);
        Assert.Equal(TaskFailureKind.StartFailed, result.FailureKind);
        Assert.Contains("is not visible on worker w1", result.Reason);
        Assert.Equal(TaskFailureClass.Permanent, FailureClassifier.Classify(launch.Task, result));
    }

    [Fact]
    public async Task Start_StateFileCannotBePlacedOnTheWorker_FailsWithTheReasonAndNothingRuns()
    {
        await using var cluster = await BrokerCluster.StartAsync(servers.RabbitMq);
        await cluster.AddWorkerAsync("w1");
        var runId = NewRunId();
        await using var executor = cluster.CreateExecutor(runId);
        cluster.SchedulerState.Write(runId, "a", "before\n"u8.ToArray());
        // A file where the worker keeps the run's state files: the state file cannot be written there.
        var run = Directory.CreateDirectory(new HomeLayout(Path.Combine(cluster.Folder, "w1")).RunDirectory(runId)).FullName;
        File.WriteAllText(Path.Combine(run, "state"), "in the way");
        var ran = Path.Combine(cluster.Folder, "ran");
        var reporter = new RecordingReporter();

        executor.Start(cluster.Launch(runId, "a", $"touch '{ran}'"), reporter);

        var result = await reporter.NextCompletionAsync(Timeout, cluster.Log.Tail());
        Assert.False(result.Succeeded);
        Assert.Equal(TaskFailureKind.ExecutorError, result.FailureKind);
        Assert.Contains("worker w1 could not place the task's state file", result.Reason);
        Assert.False(File.Exists(ran));
        Assert.Equal(0, executor.Pending);
    }

    [Fact]
    public async Task Cancel_ARunningAttempt_EndsItOnItsWorker()
    {
        await using var cluster = await BrokerCluster.StartAsync(servers.RabbitMq);
        await cluster.AddWorkerAsync("w1");
        var runId = NewRunId();
        await using var executor = cluster.CreateExecutor(runId);
        var reporter = new RecordingReporter();
        var started = Path.Combine(cluster.Folder, "started");

        executor.Start(cluster.Launch(runId, "a", $"touch '{started}'; exec sleep 120"), reporter);
        await Await.FileAsync(started, Timeout, () => cluster.Log.Tail());
        executor.Cancel(0, 1);

        var result = await reporter.NextCompletionAsync(Timeout);
        Assert.Equal(TaskFailureKind.Cancelled, result.FailureKind);
        Assert.Equal(0, executor.Pending);
    }

    [Fact]
    public async Task CancelAll_AttemptsOnTwoWorkers_KillsThemOnEvery()
    {
        await using var cluster = await BrokerCluster.StartAsync(servers.RabbitMq);
        await cluster.AddWorkerAsync("w1", concurrency: 1);
        await cluster.AddWorkerAsync("w2", concurrency: 1);
        var runId = NewRunId();
        await using var executor = cluster.CreateExecutor(runId);
        var reporter = new RecordingReporter();
        string[] homes = [Path.Combine(cluster.Folder, "home-of-a"), Path.Combine(cluster.Folder, "home-of-b")];

        executor.Start(cluster.Launch(runId, "a", $"echo \"$TASKMASTER_HOME\" > '{homes[0]}.tmp'; mv '{homes[0]}.tmp' '{homes[0]}'; exec sleep 120", index: 0), reporter);
        executor.Start(cluster.Launch(runId, "b", $"echo \"$TASKMASTER_HOME\" > '{homes[1]}.tmp'; mv '{homes[1]}.tmp' '{homes[1]}'; exec sleep 120", index: 1), reporter);
        foreach (var home in homes) await Await.FileAsync(home, Timeout, () => cluster.Log.Tail());
        executor.CancelAll();

        var results = new[] { await reporter.NextCompletionAsync(Timeout), await reporter.NextCompletionAsync(Timeout) };
        Assert.All(results, r => Assert.Equal(TaskFailureKind.Cancelled, r.FailureKind));
        // One on each worker: the cancel reached both.
        Assert.Equal(2, homes.Select(File.ReadAllText).Distinct().Count());
    }

    [Fact]
    public async Task CancelAll_DispatchStillQueued_NeverStarts()
    {
        await using var cluster = await BrokerCluster.StartAsync(servers.RabbitMq);
        var runId = NewRunId();
        await using var executor = cluster.CreateExecutor(runId);
        var reporter = new RecordingReporter();
        var ranBefore = Path.Combine(cluster.Folder, "ran-before-stop");
        executor.Start(cluster.Launch(runId, "a", $"touch '{ranBefore}'", index: 0), reporter);

        executor.CancelAll();
        var cancelled = await reporter.NextCompletionAsync(Timeout);
        await cluster.AddWorkerAsync("w1", concurrency: 1);
        // Queued behind the stopped one: once it has run, the stopped one was taken and dropped.
        executor.Start(cluster.Launch(runId, "b", "true", index: 1), reporter);
        var after = await reporter.NextCompletionAsync(Timeout, cluster.Log.Tail());

        Assert.Equal(TaskFailureKind.Cancelled, cancelled.FailureKind);
        Assert.True(after.Succeeded, after.Reason);
        Assert.False(File.Exists(ranBefore));
    }

    private static string NewRunId() => "run-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The test as a worker: it takes every dispatch off the attempts queue and answers nothing itself.</summary>
    private sealed class DispatchTaker
    {
        private readonly System.Threading.Channels.Channel<AttemptDispatch> _taken = System.Threading.Channels.Channel.CreateUnbounded<AttemptDispatch>();
        private HostReceiveEndpointHandle? _endpoint;

        public static async Task<DispatchTaker> StartAsync(BrokerCluster cluster)
        {
            var taker = new DispatchTaker();
            taker._endpoint = cluster.SchedulerBus.ConnectReceiveEndpoint(cluster.Settings.Topology.AttemptsQueue, endpoint =>
                endpoint.Handler<AttemptDispatch>(context => taker._taken.Writer.WriteAsync(context.Message).AsTask()));
            await taker._endpoint.Ready.WaitAsync(Timeout);
            return taker;
        }

        /// <summary>The next dispatch taken, within the test's timeout.</summary>
        public async Task<AttemptDispatch> NextAsync()
        {
            using var cancel = new CancellationTokenSource(Timeout);
            return await _taken.Reader.ReadAsync(cancel.Token);
        }

        public Task StopAsync() => _endpoint!.StopAsync();
    }
}
