using MassTransit;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.RabbitMq.Messages;

namespace TaskMaster.IntegrationTests.Messaging;

/// <summary>
/// A worker's wait for the scheduler's answer (may it start the attempt it took?), with the test as
/// the scheduler: an answer that never comes, a cancel and a drain while it waits. Real broker, real
/// processes; found by the fault campaign (seed 5024), where a question lost with a restarting broker
/// kept two attempts unstarted for as long as their worker lived.
/// </summary>
public sealed class AttemptWorkerAcceptanceTests(Servers servers)
{
    private static readonly TimeSpan Timeout = Timeouts.Long;

    // With two slots the worker may take the queued copy at once, in its other slot, while the first delivery
    // is still being handed back: the copy must be asked about again, not taken for a redelivery and dropped.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Question_UnansweredPastAcceptanceTimeout_HandsTheDeliveryBackWithNothingStarted(int concurrency)
    {
        var (cluster, scheduler) = await BrokerCluster.StartScriptedAsync(servers.RabbitMq);
        await using var owned = cluster;
        // Long enough that the test's answer to the second question is in time on a loaded machine.
        await cluster.AddWorkerAsync("w1", concurrency, o => o.AcceptanceTimeout = TimeSpan.FromSeconds(3));
        var ran = Path.Combine(cluster.Folder, "ran");
        var dispatch = ScriptedScheduler.Dispatch(cluster.Launch(NewRunId(), "a", $"touch '{ran}'"));

        await scheduler.SendAttemptAsync(dispatch);
        var unanswered = await scheduler.NextQuestionAsync(Timeout);
        var handedBack = await scheduler.NextHandBackAsync(Timeout);
        var ranBeforeAnAnswer = File.Exists(ran);
        // The same dispatch, back in the queue and taken again: this time the answer comes.
        var again = await scheduler.NextQuestionAsync(Timeout);
        await scheduler.AnswerAsync(again, start: true);
        var result = await scheduler.NextResultAsync(Timeout);

        Assert.Equal(dispatch.DispatchId, unanswered.Message.DispatchId);
        Assert.Equal((dispatch.DispatchId, "w1"), (handedBack.DispatchId, handedBack.WorkerId));
        Assert.False(ranBeforeAnAnswer, "the attempt started without the scheduler's yes");
        Assert.Equal(dispatch.DispatchId, again.Message.DispatchId);
        Assert.True(result.Succeeded, result.Reason);
        Assert.True(File.Exists(ran));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancel_AnAttemptAwaitingItsAnswer_DropsItAtOnceAndNothingStarts(bool everyAttemptOfTheRun)
    {
        var (cluster, scheduler) = await BrokerCluster.StartScriptedAsync(servers.RabbitMq);
        await using var owned = cluster;
        var worker = await cluster.AddWorkerAsync("w1", concurrency: 1, o => o.AcceptanceTimeout = TimeSpan.FromMinutes(10));
        var runId = NewRunId();
        var ran = Path.Combine(cluster.Folder, "ran");
        var cancelled = ScriptedScheduler.Dispatch(cluster.Launch(runId, "a", $"touch '{ran}'"));
        var next = ScriptedScheduler.Dispatch(cluster.Launch(NewRunId(), "b", "true"));
        await scheduler.SendAttemptAsync(cancelled);
        var question = await scheduler.NextQuestionAsync(Timeout);

        await cluster.SchedulerBus.Publish(new CancelAttempts(runId, everyAttemptOfTheRun ? null : cancelled.DispatchId, null, "cancelled by the test"), Timeouts.Cancel());
        // Far within the ten minutes the worker would otherwise wait.
        await Await.ConditionAsync(() => worker.AwaitingAnswer == 0, TimeSpan.FromSeconds(30), () => cluster.Log.Tail());
        // A yes that comes after the cancel starts nothing.
        await scheduler.AnswerAsync(question, start: true);
        // One at a time on this worker: its next question is for what was queued next, so the dropped one did not go back.
        await scheduler.SendAttemptAsync(next);
        var nextQuestion = await scheduler.NextQuestionAsync(Timeout);
        await scheduler.AnswerAsync(nextQuestion, start: true);
        var result = await scheduler.NextResultAsync(Timeout);

        Assert.Equal(cancelled.DispatchId, question.Message.DispatchId);
        Assert.Equal(next.DispatchId, nextQuestion.Message.DispatchId);
        Assert.Equal(next.DispatchId, result.DispatchId);
        Assert.False(File.Exists(ran), "a cancelled attempt started");
        Assert.Equal(0, scheduler.HandBacksWaiting);
    }

    [Fact]
    public async Task Drain_AnAttemptAwaitingItsAnswer_HandsItBackAtOnce()
    {
        var (cluster, scheduler) = await BrokerCluster.StartScriptedAsync(servers.RabbitMq);
        await using var owned = cluster;
        var draining = await cluster.AddWorkerAsync("w1", concurrency: 1, o =>
        {
            o.AcceptanceTimeout = TimeSpan.FromMinutes(10);
            o.DrainTimeout = TimeSpan.FromMinutes(10);
        });
        var ran = Path.Combine(cluster.Folder, "ran");
        var dispatch = ScriptedScheduler.Dispatch(cluster.Launch(NewRunId(), "a", $"touch '{ran}'"));
        await scheduler.SendAttemptAsync(dispatch);
        var unanswered = await scheduler.NextQuestionAsync(Timeout);

        // Neither the wait for the answer nor the drain's ten minutes for running attempts.
        await draining.DrainAsync(Timeouts.Cancel()).WaitAsync(TimeSpan.FromSeconds(30));
        var handedBack = await scheduler.NextHandBackAsync(Timeout);
        await cluster.AddWorkerAsync("w2", concurrency: 1);
        var again = await scheduler.NextQuestionAsync(Timeout);
        await scheduler.AnswerAsync(again, start: true);
        var result = await scheduler.NextResultAsync(Timeout);

        Assert.Equal("w1", unanswered.Message.WorkerId);
        Assert.Equal((dispatch.DispatchId, "w1"), (handedBack.DispatchId, handedBack.WorkerId));
        Assert.Equal((dispatch.DispatchId, "w2"), (again.Message.DispatchId, again.Message.WorkerId));
        Assert.Equal(("w2", true), (result.WorkerId, result.Succeeded));
        Assert.True(File.Exists(ran));
    }

    private static string NewRunId() => "run-" + Guid.NewGuid().ToString("N")[..10];
}
