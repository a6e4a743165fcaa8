using System.Diagnostics;
using TaskMaster.Core.Policies;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.RabbitMq;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Messaging;

/// <summary>The worker service as real processes (killed, terminated) on the shared broker.</summary>
[Collection(LeaseTimingCollection.Name)]
public sealed class WorkerServiceTests(Servers servers, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = Timeouts.Long;

    [Fact]
    public async Task Worker_KilledWithSigkill_AttemptIsReportedLostAndRunsAgainOnAnotherWorker()
    {
        await using var cluster = await BrokerCluster.StartAsync(servers.RabbitMq, new BrokerDispatchOptions());
        await using var first = WorkerProcess.Start(cluster, "wa");
        await using var second = WorkerProcess.Start(cluster, "wb");
        await Ready(cluster, first, second);
        var runId = NewRunId();
        await using var executor = cluster.CreateExecutor(runId);
        var reporter = new RecordingReporter();
        var marks = Directory.CreateDirectory(Path.Combine(cluster.Folder, "marks")).FullName;
        var command = $"d='{marks}'; echo $$ > \"$d/$TASKMASTER_ATTEMPT.pid\"; echo \"$TASKMASTER_HOME\" > \"$d/tmp\"; mv \"$d/tmp\" \"$d/$TASKMASTER_ATTEMPT.home\"; "
            + "[ \"$TASKMASTER_ATTEMPT\" = 1 ] && exec sleep 120; true";
        try
        {
            executor.Start(cluster.Launch(runId, "a", command, attempt: 1), reporter);
            await Await.FileAsync(Path.Combine(marks, "1.home"), Timeout, () => first.OutputTail() + second.OutputTail());
            var holder = File.ReadAllText(Path.Combine(marks, "1.home")).Trim() == first.Home ? first : second;
            var other = holder == first ? second : first;

            var killed = Stopwatch.StartNew();
            holder.Kill();
            var lost = await reporter.NextCompletionAsync(Timeout, cluster.Log.Tail());
            output.WriteLine($"worker SIGKILLed -> attempt reported lost: {killed.ElapsedMilliseconds} ms (lease {new BrokerDispatchOptions().LeaseTimeout.TotalMilliseconds} ms)");
            executor.Start(cluster.Launch(runId, "a", command, attempt: 2), reporter);
            var again = await reporter.NextCompletionAsync(Timeout, other.OutputTail());

            Assert.Equal(TaskFailureKind.WorkerLost, lost.FailureKind);
            Assert.Contains($"worker {holder.Id} sent no heartbeat", lost.Reason);
            Assert.True(again.Succeeded, again.Reason);
            Assert.Equal(other.Home, File.ReadAllText(Path.Combine(marks, "2.home")).Trim());
        }
        finally
        {
            // Its task outlived the SIGKILLed worker, as a task does.
            KillMarked(Path.Combine(marks, "1.pid"));
        }
    }

    [Fact]
    public async Task Worker_KilledWithSigkillAndStartedAgainOnItsHome_KillsTheTaskItLeftRunningAndRunsTheNextAttemptOnce()
    {
        await using var cluster = await BrokerCluster.StartAsync(servers.RabbitMq, new BrokerDispatchOptions());
        await using var crashed = WorkerProcess.Start(cluster, "wa");
        await Ready(cluster, crashed);
        var runId = NewRunId();
        await using var executor = cluster.CreateExecutor(runId);
        var reporter = new RecordingReporter();
        var marks = Directory.CreateDirectory(Path.Combine(cluster.Folder, "marks")).FullName;
        var command = $"d='{marks}'; echo \"$TASKMASTER_ATTEMPT\" >> \"$d/starts\"; echo $$ > \"$d/tmp\"; mv \"$d/tmp\" \"$d/$TASKMASTER_ATTEMPT.pid\"; "
            + "[ \"$TASKMASTER_ATTEMPT\" = 1 ] && exec sleep 120; true";
        try
        {
            executor.Start(cluster.Launch(runId, "a", command, attempt: 1), reporter);
            await Await.FileAsync(Path.Combine(marks, "1.pid"), Timeout, () => crashed.OutputTail());
            var leftover = int.Parse(File.ReadAllText(Path.Combine(marks, "1.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            crashed.Kill();
            var lost = await reporter.NextCompletionAsync(Timeout, cluster.Log.Tail());
            var outlivedItsWorker = !ProcessState.HasEnded(leftover);

            await using var restarted = WorkerProcess.Start(cluster, "wa");
            await Await.ConditionAsync(() => ProcessState.HasEnded(leftover), Timeout, () => restarted.OutputTail());
            executor.Start(cluster.Launch(runId, "a", command, attempt: 2), reporter);
            var again = await reporter.NextCompletionAsync(Timeout, restarted.OutputTail());

            Assert.Equal(TaskFailureKind.WorkerLost, lost.FailureKind);
            Assert.True(outlivedItsWorker, "the first attempt's process ended with its worker: nothing was left to kill");
            Assert.True(again.Succeeded, again.Reason);
            Assert.Equal(["1", "2"], File.ReadAllLines(Path.Combine(marks, "starts")));
            // Its log is JSON: the message's template and its values apart.
            Assert.Contains(restarted.OutputTail(200).Split('\n'),
                l => l.Contains("left running of run", StringComparison.Ordinal) && l.Contains($"\"RunId\":\"{runId}\"", StringComparison.Ordinal) && l.Contains("\"Tasks\":\"a\"", StringComparison.Ordinal));
        }
        finally
        {
            KillMarked(Path.Combine(marks, "1.pid"));
        }
    }

    [Fact]
    public async Task Worker_StartedOnAHomeALiveWorkerRunsATaskFrom_LeavesThatTaskRunning()
    {
        await using var cluster = await BrokerCluster.StartAsync(servers.RabbitMq);
        await using var running = WorkerProcess.Start(cluster, "wa");
        await Ready(cluster, running);
        var runId = NewRunId();
        await using var executor = cluster.CreateExecutor(runId);
        var pidFile = Path.Combine(cluster.Folder, "task.pid");
        try
        {
            executor.Start(cluster.Launch(runId, "a", $"echo $$ > '{pidFile}.tmp'; mv '{pidFile}.tmp' '{pidFile}'; exec sleep 120"), new RecordingReporter());
            await Await.FileAsync(pidFile, Timeout, () => running.OutputTail());
            var task = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);

            await using var sharing = WorkerProcess.Start(cluster, "wb", new Dictionary<string, string> { ["TASKMASTER_WORKER__HOME"] = running.Home });
            await Ready(cluster, sharing);

            Assert.False(ProcessState.HasEnded(task), "the live worker's task was killed by the worker started on its home");
            Assert.Contains(sharing.OutputTail(200).Split('\n'),
                l => l.Contains("leaves run", StringComparison.Ordinal) && l.Contains($"\"RunId\":\"{runId}\"", StringComparison.Ordinal));
        }
        finally
        {
            KillMarked(pidFile);
        }
    }

    [Fact]
    public async Task Worker_SentSigtermMidTask_FinishesTheTaskAndReportsItBeforeExiting()
    {
        await using var cluster = await BrokerCluster.StartAsync(servers.RabbitMq);
        await using var worker = WorkerProcess.Start(cluster, "wa", new Dictionary<string, string> { ["TASKMASTER_WORKER__DRAINTIMEOUT"] = "00:01:00" });
        await Ready(cluster, worker);
        var runId = NewRunId();
        await using var executor = cluster.CreateExecutor(runId);
        var reporter = new RecordingReporter();
        var started = Path.Combine(cluster.Folder, "started");

        executor.Start(cluster.Launch(runId, "a", $"touch '{started}'; sleep 2; echo finished"), reporter);
        await Await.FileAsync(started, Timeout, () => worker.OutputTail());
        worker.Terminate();

        var result = await reporter.NextCompletionAsync(Timeout, worker.OutputTail());
        Assert.True(result.Succeeded, $"{result.Reason}{Environment.NewLine}{worker.OutputTail(60)}");
        Assert.Equal(0, await worker.ExitedAsync(Timeout));
        Assert.Single(reporter.Completions);
        Assert.Contains(await cluster.LogLinesWithAsync(runId, "a", l => l.Text == "finished", Timeout), l => l.Text == "finished");
    }

    [Fact]
    public async Task Worker_SentSigtermWithATaskLongerThanItsGrace_HandsItBackAndAnotherWorkerCompletesIt()
    {
        await using var cluster = await BrokerCluster.StartAsync(servers.RabbitMq);
        await using var leaving = WorkerProcess.Start(cluster, "wa", new Dictionary<string, string> { ["TASKMASTER_WORKER__DRAINTIMEOUT"] = "00:00:01" });
        await Ready(cluster, leaving);
        var runId = NewRunId();
        await using var executor = cluster.CreateExecutor(runId);
        var reporter = new RecordingReporter();
        var started = Path.Combine(cluster.Folder, "started");
        var command = "if [ -s \"$TASKMASTER_STATE_FILE\" ]; then echo \"resumed from $(cat \"$TASKMASTER_STATE_FILE\") in $TASKMASTER_HOME\"; exit 0; fi; "
            + $"echo step1 > \"$TASKMASTER_STATE_FILE\"; touch '{started}'; exec sleep 120";

        executor.Start(cluster.Launch(runId, "a", command), reporter);
        await Await.FileAsync(started, Timeout, () => leaving.OutputTail());
        await using var staying = WorkerProcess.Start(cluster, "wb");
        await Ready(cluster, staying);
        leaving.Terminate();

        var result = await reporter.NextCompletionAsync(Timeout, leaving.OutputTail() + staying.OutputTail());
        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(0, await leaving.ExitedAsync(Timeout));
        Assert.Single(reporter.Completions);
        var resumed = $"resumed from step1 in {staying.Home}";
        Assert.Contains(await cluster.LogLinesWithAsync(runId, "a", l => l.Text == resumed, Timeout), l => l.Text == resumed);
    }

    [Fact]
    public async Task WorkerService_Running_IsReadyAndCountsAttemptsOnItsMetrics()
    {
        await using var cluster = await BrokerCluster.StartAsync(servers.RabbitMq);
        await using var worker = WorkerProcess.Start(cluster, "wa");
        await Ready(cluster, worker);
        var runId = NewRunId();
        await using var executor = cluster.CreateExecutor(runId);
        var reporter = new RecordingReporter();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{worker.HttpPort}/"), Timeout = Timeout };

        var ready = await http.GetAsync("readyz");
        executor.Start(cluster.Launch(runId, "a", "true"), reporter);
        Assert.True((await reporter.NextCompletionAsync(Timeout)).Succeeded);
        var metrics = await MetricsShowingAsync(http, "taskmaster_worker_attempts_completed_total 1");

        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("taskmaster_worker_attempts_running 0", metrics);
        Assert.Contains("taskmaster_worker_attempts_awaiting_answer 0", metrics);
    }

    [Fact]
    public async Task WorkerService_ConcurrencyZero_RefusesToStartNamingTheSetting()
    {
        await using var cluster = await BrokerCluster.StartAsync(servers.RabbitMq);
        await using var worker = WorkerProcess.Start(cluster, "wa", new Dictionary<string, string> { ["TASKMASTER_WORKER__CONCURRENCY"] = "0" });

        var exitCode = await worker.ExitedAsync(Timeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("TASKMASTER_WORKER__CONCURRENCY", worker.OutputTail(200));
    }

    [Fact]
    public async Task WorkerService_AcceptanceTimeoutZero_RefusesToStartNamingTheSetting()
    {
        await using var cluster = await BrokerCluster.StartAsync(servers.RabbitMq);
        await using var worker = WorkerProcess.Start(cluster, "wa", new Dictionary<string, string> { ["TASKMASTER_WORKER__ACCEPTANCETIMEOUT"] = "00:00:00" });

        var exitCode = await worker.ExitedAsync(Timeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("TASKMASTER_WORKER__ACCEPTANCETIMEOUT", worker.OutputTail(200));
    }

    private static async Task Ready(BrokerCluster cluster, params WorkerProcess[] workers)
    {
        foreach (var worker in workers)
        {
            try
            {
                await cluster.WorkerReadyAsync(worker.Id, Timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"worker {worker.Id} sent no heartbeat within {Timeout.TotalSeconds:0}s{Environment.NewLine}{worker.OutputTail()}");
            }
        }
    }

    private static async Task<string> MetricsShowingAsync(HttpClient http, string line)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        while (true)
        {
            var metrics = await http.GetStringAsync("metrics", cancel.Token);
            if (metrics.Contains(line, StringComparison.Ordinal)) return metrics;
            await Task.Delay(50, cancel.Token);
        }
    }

    private static void KillMarked(string pidFile)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid)) return;
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (ArgumentException)
        {
            // Gone already.
        }
    }

    private static string NewRunId() => "run-" + Guid.NewGuid().ToString("N")[..10];
}
