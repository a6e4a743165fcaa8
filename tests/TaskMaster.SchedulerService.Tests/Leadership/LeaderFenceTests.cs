using Microsoft.Extensions.Time.Testing;
using TaskMaster.Scheduler.Leadership;

namespace TaskMaster.SchedulerService.Tests.Leadership;

/// <summary>A term's right to write, by the scheduler's own clock: a fenced term lapses with its lease, a lone scheduler's never does.</summary>
public sealed class LeaderFenceTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    [Fact]
    public void Unfenced_ARenewalLongAgo_StaysValid()
    {
        // A scheduler alone by construction (local adapters): a busy machine that delays its renewals must not
        // end its term (found by RestartTests under load: the run was dropped and resumed a second time).
        var fence = new LeaderFence(0);

        fence.ExtendFrom(askedAt: 0, Lease);

        Assert.False(fence.IsOver);
        fence.ThrowIfOver();
    }

    [Fact]
    public void Fenced_ItsLeaseRunsOutUnrenewed_IsOverAndRefusesAWrite()
    {
        var time = new FakeTimeProvider();
        var fence = new LeaderFence(7, time);
        fence.ExtendFrom(time.GetTimestamp(), Lease);

        time.Advance(Lease);

        Assert.True(fence.IsOver);
        Assert.Throws<LeaseLapsedException>(fence.ThrowIfOver);
    }

    [Fact]
    public void Unfenced_EndedThenLeadingAgain_GoesOnInPlace()
    {
        var fence = new LeaderFence(0);
        fence.End();

        Assert.True(fence.TryContinue(0, askedAt: 0, Lease));
        Assert.False(fence.IsOver);
    }

    [Fact]
    public void Fenced_EndedThenATermAfterAnothersWon_DoesNotGoOn()
    {
        var time = new FakeTimeProvider();
        var fence = new LeaderFence(7, time);
        fence.End();

        Assert.False(fence.TryContinue(9, time.GetTimestamp(), Lease));
        Assert.True(fence.TryContinue(8, time.GetTimestamp(), Lease));
        Assert.Equal(8, fence.Token);
        Assert.False(fence.IsOver);
    }
}
