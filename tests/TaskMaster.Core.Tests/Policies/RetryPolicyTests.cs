using TaskMaster.Core.Policies;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Core.Tests.Policies;

public sealed class RetryPolicyTests
{
    private static readonly TaskMaster.Core.Queue.TaskDefinition Flaky = TaskDef("flaky") with { Retries = 3, RetryBackoff = TimeSpan.FromSeconds(2) };

    [Fact]
    public void DelayAfter_SameRunAndTask_IsTheSameEveryTime()
    {
        var first = RetryPolicy.Default.DelayAfter(Flaky, 2, "run-1");
        var again = RetryPolicy.Default.DelayAfter(Flaky, 2, "run-1");

        Assert.Equal(first, again);
    }

    [Fact]
    public void DelayAfter_OtherTasks_AreJittered()
    {
        var delays = Enumerable.Range(0, 20)
            .Select(i => RetryPolicy.Default.DelayAfter(Flaky with { Id = $"t{i}" }, 1, "run-1"))
            .ToHashSet();

        Assert.True(delays.Count > 10);
    }

    [Fact]
    public void DelayAfter_LaterFailures_WaitLongerOnAverage()
    {
        double Mean(int failure) => Enumerable.Range(0, 200)
            .Average(i => RetryPolicy.Default.DelayAfter(Flaky with { Id = $"t{i}" }, failure, "run-1").TotalSeconds);

        Assert.True(Mean(3) > 2 * Mean(1));
    }

    [Fact]
    public void DelayAfter_ManyFailures_CappedAtMaxDelay()
    {
        var policy = new RetryPolicy(TimeSpan.FromSeconds(30));

        var delay = policy.DelayAfter(Flaky with { Retries = 40 }, 30, "run-1");

        Assert.Equal(TimeSpan.FromSeconds(30), delay);
    }

    [Theory]
    [InlineData(0, 1, false)]
    [InlineData(2, 1, true)]
    [InlineData(2, 2, true)]
    [InlineData(2, 3, false)]
    public void HasRetriesLeft_CountsTransientFailuresAgainstRetries(int retries, int failures, bool expected)
    {
        Assert.Equal(expected, RetryPolicy.HasRetriesLeft(Flaky with { Retries = retries }, failures));
    }
}
