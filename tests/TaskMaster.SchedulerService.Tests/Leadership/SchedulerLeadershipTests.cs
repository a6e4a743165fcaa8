using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Tests.Scheduling;
using TaskMaster.Redis;
using TaskMaster.Scheduler.Leadership;
using TaskMaster.SchedulerService.Cluster;
using TaskMaster.SchedulerService.Tests.Support;

namespace TaskMaster.SchedulerService.Tests.Leadership;

/// <summary>Two schedulers sharing the lease in a real Redis, their clocks fake: who leads, who takes over, who steps down.</summary>
public sealed class SchedulerLeadershipTests(LeaseRedis redis) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly LeadershipOptions Options = new() { LeaseSeconds = 3, LeaseRenewSeconds = 1 };
    private readonly List<SchedulerLeadership> _started = [];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_FirstScheduler_LeadsAndTakesItsDutiesUp_TheSecondStandsByNamingIt()
    {
        var connection = await redis.Database(6);
        var (a, dutyA, _) = await StartAsync(connection, "a");
        var (b, dutyB, _) = await StartAsync(connection, "b");

        Assert.NotNull(a.Current);
        Assert.Equal([$"take-over {a.Current.FencingToken}"], dutyA.Calls);
        Assert.Null(b.Current);
        Assert.Empty(dutyB.Calls);
        Assert.Equal(a.Current, b.Leader);
    }

    [Fact]
    public async Task LeaderGone_ItsLeaseRunsOut_TheStandbyTakesOverAtItsNextTurnWithAHigherToken()
    {
        var connection = await redis.Database(7);
        var (a, _, _) = await StartAsync(connection, "a");
        var (b, dutyB, timeB) = await StartAsync(connection, "b");
        var first = a.Current!.FencingToken;

        // A dies without a word: its lease runs out (as its expiry would end it).
        await connection.GetDatabase().KeyDeleteAsync(RedisKeys.SchedulerLease);
        await timeB.WaitForTimers(1);
        timeB.Advance(Options.Renewal);
        await dutyB.Seen("take-over").WaitAsync(Timeout, Cancel);

        Assert.True(b.Current!.FencingToken > first);
        Assert.Equal(b.Current, await new RedisLeaderLease(connection).ReadAsync(Cancel));
    }

    [Fact]
    public async Task Leader_ItsLeaseTakenByAnother_StepsDownAtItsNextRenewal_AndItsFenceIsOver()
    {
        var connection = await redis.Database(8);
        var (a, dutyA, timeA) = await StartAsync(connection, "a");
        var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Lost += reason => lost.TrySetResult(reason);
        var fence = dutyA.Fence!;
        await connection.GetDatabase().KeyDeleteAsync(RedisKeys.SchedulerLease);
        var other = await new RedisLeaderLease(connection).TryAcquireAsync(new LeaseCandidate("other", "http://other:1"), Options.Lease, Cancel);

        await timeA.WaitForTimers(1);
        timeA.Advance(Options.Renewal);
        await lost.Task.WaitAsync(Timeout, Cancel);

        Assert.Null(a.Current);
        Assert.True(fence.IsOver);
        Assert.Equal("step-down", dutyA.Calls[^1]);
        Assert.Throws<LeaseLapsedException>(fence.ThrowIfOver);
        Assert.NotNull(other);
    }

    [Fact]
    public async Task Leader_AStoreRefusesItsWriteAsFenced_StepsDownAtOnceWithoutWaitingForARenewal()
    {
        var connection = await redis.Database(9);
        var (a, dutyA, _) = await StartAsync(connection, "a");

        dutyA.Fence!.Report(new JournalFencedException("TMFENCED the run is held by fencing token 99"));
        await dutyA.Seen("step-down").WaitAsync(Timeout, Cancel);

        Assert.Null(a.Current);
    }

    [Fact]
    public async Task Stop_WhileLeading_EndsTheDutiesThenReleasesTheLease_SoTheStandbyLeadsAtItsNextTurn()
    {
        var connection = await redis.Database(10);
        var (a, dutyA, _) = await StartAsync(connection, "a");
        var (b, dutyB, timeB) = await StartAsync(connection, "b");

        await a.StopAsync(Cancel);
        _started.Remove(a);
        await timeB.WaitForTimers(1);
        timeB.Advance(Options.Renewal);
        await dutyB.Seen("take-over").WaitAsync(Timeout, Cancel);

        Assert.Equal("stop", dutyA.Calls[^1]);
        Assert.Equal("b", b.Current!.HolderId);
    }

    [Fact]
    public async Task StoreAway_LeaderStepsDownBeforeItsLeaseMayRunOut_NamesNobody_ThenRegainsItInANewTermWithAHigherToken()
    {
        var connection = await redis.Database(13);
        var lease = new SwitchableLease(new RedisLeaderLease(connection));
        var (a, dutyA, timeA) = await StartAsync(connection, "a", lease);
        var first = a.Current!.FencingToken;
        var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Lost += reason => lost.TrySetResult(reason);

        lease.Down = true;
        // Renewals at 1 s (it surely still leads: 1 + 1 < 3) and 2 s (it may not by the next one: it steps down).
        for (var turn = 1; turn <= 2; turn++)
        {
            await timeA.WaitForTimers(turn);
            timeA.Advance(Options.Renewal);
        }
        await lost.Task.WaitAsync(Timeout, Cancel);
        var leaderWhileAway = a.Leader;
        var leftInRedis = await new RedisLeaderLease(connection).ReadAsync(Cancel);
        lease.Down = false;
        await timeA.WaitForTimers(3);
        timeA.Advance(Options.Renewal);
        await dutyA.Seen($"take-over {first + 1}").WaitAsync(Timeout, Cancel);

        Assert.Null(leaderWhileAway);
        Assert.Equal(("a", first), (leftInRedis!.HolderId, leftInRedis.FencingToken));
        Assert.Equal(first + 1, a.Current!.FencingToken);
        Assert.Equal(a.Current, await new RedisLeaderLease(connection).ReadAsync(Cancel));
        Assert.Equal(["take-over", "step-down", "take-over"], dutyA.Calls.Select(c => c.Split(' ')[0]));
    }

    [Fact]
    public async Task StoreAway_LeaderRegainsTheVeryNextTerm_ItsFenceGoesOn_AndWhatItHeldIsJournaledUnderTheNewToken()
    {
        var connection = await redis.Database(13);
        var lease = new SwitchableLease(new RedisLeaderLease(connection));
        var (a, dutyA, timeA) = await StartAsync(connection, "a", lease);
        var fence = dutyA.Fence!;
        var first = fence.Token;
        var runId = $"run-20261203-000000-{Random.Shared.Next(0x10000):x4}";
        await using var journal = await RedisEventJournal.OpenAsync(connection, runId, () => fence.Token, Cancel);
        journal.Append(Paused("durable before the outage"));
        await journal.FlushAsync(Cancel);

        await StepDownWhileTheLeaseIsAwayAsync(a, lease, timeA);
        journal.Append(Paused("held while it did not lead"));
        var held = Assert.Throws<LeaseLapsedException>(fence.ThrowIfOver);
        lease.Down = false;
        await timeA.WaitForTimers(3);
        timeA.Advance(Options.Renewal);
        await dutyA.Seen($"take-over {first + 1}").WaitAsync(Timeout, Cancel);
        fence.ThrowIfOver();
        await journal.FlushAsync(Cancel);

        Assert.IsAssignableFrom<IOException>(held);
        Assert.Same(fence, dutyA.Fence);
        Assert.Equal(first + 1, fence.Token);
        var stream = await connection.GetDatabase().StreamRangeAsync(RedisKeys.Events(runId));
        Assert.Equal([$"{first}", $"{first + 1}"], stream.Select(entry => entry["f"].ToString()));
        Assert.Equal($"{first + 1}", (await connection.GetDatabase().HashGetAsync(RedisKeys.Fence(runId), "token")).ToString());
    }

    [Fact]
    public async Task StoreAway_AnotherLedBeforeTheLeaderRegainedTheLease_ItsNewTermHasAFreshFence_TheOldOneStaysOver()
    {
        var connection = await redis.Database(13);
        var lease = new SwitchableLease(new RedisLeaderLease(connection));
        var (a, dutyA, timeA) = await StartAsync(connection, "a", lease);
        var old = dutyA.Fence!;
        var first = old.Token;

        await StepDownWhileTheLeaseIsAwayAsync(a, lease, timeA);
        await connection.GetDatabase().KeyDeleteAsync(RedisKeys.SchedulerLease);
        var other = new RedisLeaderLease(connection);
        var between = await other.TryAcquireAsync(new LeaseCandidate("other", "http://other:1"), Options.Lease, Cancel);
        await other.ReleaseAsync(between!, Cancel);
        lease.Down = false;
        await timeA.WaitForTimers(3);
        timeA.Advance(Options.Renewal);
        await dutyA.Seen($"take-over {first + 2}").WaitAsync(Timeout, Cancel);

        Assert.NotSame(old, dutyA.Fence);
        Assert.Equal(first + 2, dutyA.Fence!.Token);
        Assert.Equal(first, old.Token);
        Assert.True(old.IsOver);
    }

    // Its lease's store away: renewals at 1 s (it surely still leads: 1 + 1 < 3) and 2 s (it may not by the next one: it steps down).
    private static async Task StepDownWhileTheLeaseIsAwayAsync(SchedulerLeadership leadership, SwitchableLease lease, ObservedTimeProvider time)
    {
        var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        leadership.Lost += reason => lost.TrySetResult(reason);
        lease.Down = true;
        for (var turn = 1; turn <= 2; turn++)
        {
            await time.WaitForTimers(turn);
            time.Advance(Options.Renewal);
        }
        await lost.Task.WaitAsync(Timeout, Cancel);
    }

    private static RunPaused Paused(string reason) => new(DateTimeOffset.UnixEpoch, reason, ByOperator: false);

    [Fact]
    public async Task AwaitLeader_NoLeaderKnown_WaitsAndAnswersThisSchedulerOnceItLeadsWithItsDutiesUp()
    {
        var connection = await redis.Database(14);
        var lease = new SwitchableLease(new RedisLeaderLease(connection)) { Down = true };
        var (a, _, timeA) = await StartAsync(connection, "a", lease);

        var waiting = a.AwaitLeaderAsync(Cancel);
        await timeA.WaitForTimers(2);
        var waitedWhileNoneKnown = !waiting.IsCompleted;
        lease.Down = false;
        timeA.Advance(Options.Renewal);
        var leader = await waiting.WaitAsync(Timeout, Cancel);

        Assert.True(waitedWhileNoneKnown);
        Assert.Equal(a.Current, leader);
        Assert.Equal("a", leader!.HolderId);
    }

    [Fact]
    public async Task AwaitLeader_NoneLeadsWithinALease_AnswersNull()
    {
        var connection = await redis.Database(15);
        var lease = new SwitchableLease(new RedisLeaderLease(connection)) { Down = true };
        var (a, _, timeA) = await StartAsync(connection, "a", lease);

        var waiting = a.AwaitLeaderAsync(Cancel);
        await timeA.WaitForTimers(2);
        timeA.Advance(Options.Lease);

        Assert.Null(await waiting.WaitAsync(Timeout, Cancel));
        Assert.Null(a.Current);
    }

    [Fact]
    public async Task AwaitLeader_OnAStandbyWhileAnotherLeads_AnswersTheLeaderAtOnce()
    {
        var connection = await redis.Database(6);
        var (a, _, _) = await StartAsync(connection, "a");
        var (b, _, _) = await StartAsync(connection, "b");

        var waiting = b.AwaitLeaderAsync(Cancel);

        Assert.True(waiting.IsCompleted);
        Assert.Equal(a.Current, await waiting);
    }

    [Fact]
    public async Task Start_DutiesTakeLongerThanALease_TheLeaseIsRenewedMeanwhile_AndTheTermGoesOnOnceTheyAreUp()
    {
        // Found by the fault campaign on a busy machine: a replica restarted after scheduler-kill resumed its runs for
        // longer than a lease without renewing it, and stepped down by its own clock as soon as they were up.
        var connection = await redis.Database(6);
        var duty = new HeldDuty();
        var time = new ObservedTimeProvider(DateTimeOffset.UnixEpoch);
        var lease = new RenewalCounter(new RedisLeaderLease(connection));
        var leadership = new SchedulerLeadership(lease, Options, new LeaseCandidate("slow", "http://slow:7420"), [duty], time,
            NullLogger<SchedulerLeadership>.Instance);
        _started.Add(leadership);

        var starting = leadership.StartAsync(Cancel);
        await duty.TakingOver.Task.WaitAsync(Timeout, Cancel);
        var token = leadership.Current!.FencingToken;
        // Four renewals while the duties are being taken up: one more than the lease lasts unrenewed.
        for (var renewal = 1; renewal <= 4; renewal++)
        {
            await time.WaitForTimers(renewal);
            time.Advance(Options.Renewal);
            await lease.Renewed(renewal).WaitAsync(Timeout, Cancel);
        }
        Assert.False(leadership.Fence!.IsOver);
        duty.Release.SetResult();
        await starting.WaitAsync(Timeout, Cancel);

        Assert.Equal(token, leadership.Current?.FencingToken);
        Assert.False(leadership.Fence!.IsOver);
    }

    /// <summary>A duty whose take-over lasts until the test releases it.</summary>
    private sealed class HeldDuty : ILeaderDuty
    {
        public TaskCompletionSource TakingOver { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task TakeOverAsync(LeaseTerm term, LeaderFence fence, CancellationToken stepDown)
        {
            TakingOver.TrySetResult();
            await Release.Task.WaitAsync(stepDown);
        }

        public Task StepDownAsync() => Task.CompletedTask;

        public Task StopAsync() => Task.CompletedTask;
    }

    /// <summary>A real lease that tells how many renewals it has answered.</summary>
    private sealed class RenewalCounter(ILeaderLease lease) : ILeaderLease
    {
        private readonly Lock _gate = new();
        private readonly List<(int Count, TaskCompletionSource Seen)> _waiters = [];
        private int _renewed;

        public Task<LeaseTerm?> TryAcquireAsync(LeaseCandidate candidate, TimeSpan duration, CancellationToken cancellationToken) =>
            lease.TryAcquireAsync(candidate, duration, cancellationToken);

        public async Task<bool> RenewAsync(LeaseTerm term, TimeSpan duration, CancellationToken cancellationToken)
        {
            var renewed = await lease.RenewAsync(term, duration, cancellationToken);
            lock (_gate)
            {
                _renewed++;
                foreach (var waiter in _waiters.Where(w => w.Count <= _renewed).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Seen.TrySetResult();
                }
            }
            return renewed;
        }

        public Task ReleaseAsync(LeaseTerm term, CancellationToken cancellationToken) => lease.ReleaseAsync(term, cancellationToken);

        public Task<LeaseTerm?> ReadAsync(CancellationToken cancellationToken) => lease.ReadAsync(cancellationToken);

        /// <summary>Completes once <paramref name="count"/> renewals have been answered.</summary>
        public Task Renewed(int count)
        {
            lock (_gate)
            {
                if (_renewed >= count) return Task.CompletedTask;
                var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, seen));
                return seen.Task;
            }
        }
    }

    private async Task<(SchedulerLeadership Leadership, RecordingDuty Duty, ObservedTimeProvider Time)> StartAsync(IConnectionMultiplexer connection, string id,
        ILeaderLease? lease = null)
    {
        var duty = new RecordingDuty();
        var time = new ObservedTimeProvider(DateTimeOffset.UnixEpoch);
        var leadership = new SchedulerLeadership(lease ?? new RedisLeaderLease(connection), Options, new LeaseCandidate(id, $"http://{id}:7420"), [duty], time,
            NullLogger<SchedulerLeadership>.Instance);
        await leadership.StartAsync(Cancel);
        _started.Add(leadership);
        return (leadership, duty, time);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var leadership in _started)
        {
            await leadership.StopAsync(CancellationToken.None);
            leadership.Dispose();
        }
    }
}
