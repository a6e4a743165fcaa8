using System.Text.Json;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.IntegrationTests.Messaging;
using TaskMaster.IntegrationTests.Support;
using TaskMaster.LocalHome;
using TaskMaster.RabbitMq;

namespace TaskMaster.IntegrationTests.Hostile;

/// <summary>
/// The worker service's broker entry point, the attempts queue, fed what no scheduler sends, by a
/// publisher holding the broker's credentials: bytes that are not JSON, a message of another type,
/// dispatches whose ids would leave the worker's home or whose fields are missing, each refused (moved to the
/// queue's error or skipped queue) with a log line; and a well-formed dispatch of a run the scheduler (in
/// cluster mode, as deployed) does not have, which it answers no to. Nothing runs, no file is written, the
/// worker goes on serving.
/// </summary>
public sealed class WorkerHostileMessageTests(Servers servers, HostileServices services) : IClassFixture<HostileServices>
{
    private const string DispatchType = "TaskMaster.RabbitMq.Messages:AttemptDispatch";

    // The worker's and the scheduler's log lines for an attempt the scheduler answered no to.
    private const string Dropping = "Task {TaskId} attempt {Attempt} of run {RunId} dropped: the scheduler no longer wants it";
    private const string Refusing = "Worker {WorkerId} took dispatch {DispatchId} of run {RunId}, which no attempt here waits for: it drops it";

    [Fact]
    public async Task AttemptsQueue_HostileMessages_RefusedWithALogLine_NothingRunNothingWritten()
    {
        var worker = await services.StartedAsync("worker");
        var queue = new BrokerTopology(services.Prefix).AttemptsQueue;
        var victim = Path.Combine(services.Folder, "victim");
        var marker = Path.Combine(services.Folder, "ran");
        var queueDirectory = Directory.CreateDirectory(Path.Combine(services.Folder, "queue")).FullName;
        await using var broker = await BrokerQueues.ConnectAsync(servers.RabbitMq.AmqpUri);

        await broker.PublishAsync(queue, "{\"message\": {\"runId\": ", BrokerQueues.EnvelopeType);
        await broker.PublishAsync(queue, BrokerQueues.Envelope("TaskMaster.RabbitMq.Messages:CancelAttempts", new { runId = "x", reason = "wrong type" }));
        await broker.PublishAsync(queue, BrokerQueues.Envelope(DispatchType, Dispatch("../../victim", "x", queueDirectory, marker)));
        await broker.PublishAsync(queue, BrokerQueues.Envelope(DispatchType, Dispatch("run-hostile", "../../../victim/x", queueDirectory, marker)));
        await broker.PublishAsync(queue, BrokerQueues.Envelope(DispatchType, new { dispatchId = Guid.NewGuid(), runId = "run-hostile", attempt = 1, queueDirectory }));

        await Await.ConditionAsync(async () => await broker.CountAsync(queue + "_error") == 4 && await broker.CountAsync(queue + "_skipped") == 1,
            TimeSpan.FromSeconds(60), "four messages in the error queue and one skipped", worker.LogTail);
        var log = Path.Combine(worker.Folder!, "service.log");

        var text = File.ReadAllText(log);
        Assert.Equal(3, text.Split("A dispatch was refused and moved to the error queue").Length - 1);
        Assert.Contains("run_id '../../victim' is not a run id", text, StringComparison.Ordinal);
        Assert.Contains("task.id '../../../victim/x' is not a task id", text, StringComparison.Ordinal);
        Assert.Contains("task is missing", text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(victim), "a dispatch's ids wrote outside the worker's home");
        Assert.False(File.Exists(marker), "a forged dispatch ran");
        Assert.Equal(0u, await broker.CountAsync(queue));
        await EveryServiceHostileInputTests.AssertServesAsync(worker);
    }

    [Fact]
    public async Task AttemptsQueue_WellFormedDispatchOfARunNoSchedulerHas_IsRefusedAndNothingRuns()
    {
        const string runId = "run-20261204-120000-f0f0";
        var scheduler = await services.StartedAsync("scheduler");
        var worker = await services.StartedAsync("worker");
        var queue = new BrokerTopology(services.Prefix).AttemptsQueue;
        var marker = Path.Combine(services.Folder, "forged-ran");
        var queueDirectory = Directory.CreateDirectory(Path.Combine(services.Folder, "forged-queue")).FullName;
        await using var broker = await BrokerQueues.ConnectAsync(servers.RabbitMq.AmqpUri);
        var errorsBefore = await broker.CountAsync(queue + "_error");
        IReadOnlyList<JsonElement> Refused() => ServiceLog.Events(scheduler, Refusing, ("WorkerId", "hostile-worker"), ("RunId", runId));
        IReadOnlyList<JsonElement> Dropped() => ServiceLog.Events(worker, Dropping, ("RunId", runId));

        await broker.PublishAsync(queue, BrokerQueues.Envelope(DispatchType, Dispatch(runId, "forged", queueDirectory, marker)));

        // The worker's line is logged once the scheduler's answer came: without one the request times out and the delivery is tried again.
        await Await.ConditionAsync(() => Refused().Count > 0 && Dropped().Count > 0, TimeSpan.FromSeconds(60),
            () => worker.LogTail() + Environment.NewLine + scheduler.LogTail());
        Assert.Single(Refused());
        Assert.Single(Dropped());
        Assert.DoesNotContain("RequestTimeoutException", File.ReadAllText(Path.Combine(worker.Folder!, "service.log")), StringComparison.Ordinal);
        Assert.False(File.Exists(marker), "a forged dispatch ran");
        Assert.False(Directory.Exists(new HomeLayout(services.WorkerHome).RunDirectory(runId)), "a forged dispatch wrote into the worker's home");
        Assert.Equal(0u, await broker.CountAsync(queue));
        Assert.Equal(errorsBefore, await broker.CountAsync(queue + "_error"));
        await EveryServiceHostileInputTests.AssertServesAsync(worker);
        await EveryServiceHostileInputTests.AssertServesAsync(scheduler);
    }

    /// <summary>A dispatch as the scheduler would send it, with the ids given, whose command leaves a mark if it runs.</summary>
    private static object Dispatch(string runId, string taskId, string queueDirectory, string marker) => new
    {
        dispatchId = Guid.NewGuid(),
        runId,
        taskIndex = 0,
        attempt = 1,
        task = new
        {
            id = taskId,
            title = "hostile",
            commandText = $"touch {marker}",
            shell = "bash",
            workingDirectory = (string?)null,
            environment = Array.Empty<object>(),
            timeout = (string?)null,
            successExitCodes = new[] { 0 },
            successFilesExist = Array.Empty<string>(),
            successStdoutContains = Array.Empty<string>(),
            cores = 0.0,
            memoryBytes = 0L,
        },
        queueDirectory,
        stateFile = Convert.ToBase64String("planted"u8),
    };
}
