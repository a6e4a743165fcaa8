using StackExchange.Redis;
using TaskMaster.Redis;
using TaskMaster.Scheduler.Leadership;
using TaskMaster.SchedulerService.Cluster;
using TaskMaster.SchedulerService.Tests.Support;

namespace TaskMaster.SchedulerService.Tests.Leadership;

/// <summary>The schedulers' lease in a real Redis: one holder at a time, a fencing token that only grows, renewals and releases that never touch a successor's lease.</summary>
public sealed class RedisLeaderLeaseTests(LeaseRedis redis)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly LeaseCandidate A = new("scheduler-a", "http://10.0.0.1:7420");
    private static readonly LeaseCandidate B = new("scheduler-b", "http://10.0.0.2:7420");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TryAcquire_NobodyHoldsIt_WinsWithATokenHigherThanEveryEarlierTerm()
    {
        var lease = new RedisLeaderLease(await redis.Database(1));

        var first = await lease.TryAcquireAsync(A, Lease, Cancel);
        await lease.ReleaseAsync(first!, Cancel);
        var second = await lease.TryAcquireAsync(B, Lease, Cancel);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.True(second.FencingToken > first.FencingToken);
        Assert.Equal(second, await lease.ReadAsync(Cancel));
    }

    [Fact]
    public async Task TryAcquire_AnotherHoldsIt_ReturnsNullAndTheHolderStaysNamedWithItsAddress()
    {
        var lease = new RedisLeaderLease(await redis.Database(2));
        var held = await lease.TryAcquireAsync(A, Lease, Cancel);

        var refused = await lease.TryAcquireAsync(B, Lease, Cancel);

        Assert.Null(refused);
        var holder = await lease.ReadAsync(Cancel);
        Assert.Equal(("scheduler-a", "http://10.0.0.1:7420", held!.FencingToken), (holder!.HolderId, holder.Address, holder.FencingToken));
    }

    [Fact]
    public async Task TryAcquire_TheLeaseStillNamesTheCandidateFromAnEarlierTerm_TakesANewTermWithAHigherToken()
    {
        var lease = new RedisLeaderLease(await redis.Database(12));
        // An earlier term of A that A ended without releasing it (its Redis did not answer then).
        var earlier = await lease.TryAcquireAsync(A, Lease, Cancel);

        var again = await lease.TryAcquireAsync(A, Lease, Cancel);

        Assert.True(again!.FencingToken > earlier!.FencingToken);
        Assert.Equal(again, await lease.ReadAsync(Cancel));
        Assert.False(await lease.RenewAsync(earlier, Lease, Cancel));
        Assert.Null(await lease.TryAcquireAsync(B, Lease, Cancel));
    }

    [Fact]
    public async Task TryAcquire_SetsTheLeaseToExpireAfterItsDuration()
    {
        var connection = await redis.Database(3);
        var lease = new RedisLeaderLease(connection);

        await lease.TryAcquireAsync(A, TimeSpan.FromSeconds(3), Cancel);
        var left = await connection.GetDatabase().KeyTimeToLiveAsync(RedisKeys.SchedulerLease);

        Assert.InRange(left!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Renew_WhileHeld_ExtendsTheLease_AndAfterItRanOutAndAnotherTookIt_IsRefused()
    {
        var connection = await redis.Database(4);
        var lease = new RedisLeaderLease(connection);
        var old = await lease.TryAcquireAsync(A, TimeSpan.FromSeconds(2), Cancel);

        Assert.True(await lease.RenewAsync(old!, Lease, Cancel));
        Assert.True((await connection.GetDatabase().KeyTimeToLiveAsync(RedisKeys.SchedulerLease))!.Value > TimeSpan.FromSeconds(2));
        // The lease runs out (as its expiry would end it) and B takes it.
        await connection.GetDatabase().KeyDeleteAsync(RedisKeys.SchedulerLease);
        var newer = await lease.TryAcquireAsync(B, Lease, Cancel);

        Assert.False(await lease.RenewAsync(old!, Lease, Cancel));
        Assert.Equal(newer, await lease.ReadAsync(Cancel));
    }

    [Fact]
    public async Task Release_ByATermThatLostTheLease_LeavesTheNewHoldersLease()
    {
        var connection = await redis.Database(5);
        var lease = new RedisLeaderLease(connection);
        var old = await lease.TryAcquireAsync(A, Lease, Cancel);
        await connection.GetDatabase().KeyDeleteAsync(RedisKeys.SchedulerLease);
        var newer = await lease.TryAcquireAsync(B, Lease, Cancel);

        await lease.ReleaseAsync(old!, Cancel);

        Assert.Equal(newer, await lease.ReadAsync(Cancel));
        await lease.ReleaseAsync(newer!, Cancel);
        Assert.Null(await lease.ReadAsync(Cancel));
    }

    [Fact]
    public async Task TryAcquire_RedisDown_ThrowsAnIOExceptionNamingTheLease()
    {
        // A port nothing listens on: the connection never comes up.
        var options = ConfigurationOptions.Parse("127.0.0.1:1,abortConnect=false,connectTimeout=200,asyncTimeout=300");
        await using var down = await ConnectionMultiplexer.ConnectAsync(options);
        var lease = new RedisLeaderLease(down);

        var fault = await Assert.ThrowsAnyAsync<IOException>(() => lease.TryAcquireAsync(A, Lease, Cancel));

        Assert.Contains("schedulers' lease", fault.Message, StringComparison.Ordinal);
    }
}
