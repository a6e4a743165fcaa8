using TaskMaster.Core.State;
using TaskMaster.Monitor.Alerts;
using TaskMaster.Monitor.History;
using static TaskMaster.Monitor.Tests.Support.Inputs;

namespace TaskMaster.Monitor.Tests.Alerts;

public sealed class AlertRulesTests
{
    private static readonly AlertOptions Options = new();

    [Theory]
    [InlineData(599, Verdict.Clear)]
    [InlineData(600, Verdict.Breach)]
    public void RunStalled_NoActivity_FiresAtStallAfter(int idleSeconds, Verdict expected)
    {
        var now = Start.AddSeconds(idleSeconds);

        var condition = AlertRules.RunStalled(Input(now, Figures(activity: Start)));

        Assert.Equal(expected, condition.Verdict);
    }

    [Fact]
    public void RunStalled_PausedByOperator_Clear()
    {
        var condition = AlertRules.RunStalled(Input(Start.AddHours(1), Figures(status: RunStatus.Paused, pausedByOperator: true)));

        Assert.Equal(Verdict.Clear, condition.Verdict);
    }

    [Fact]
    public void RunStalled_NewActivity_Clears()
    {
        var now = Start.AddHours(1);

        var condition = AlertRules.RunStalled(Input(now, Figures(activity: now.AddSeconds(-1))));

        Assert.Equal(Verdict.Clear, condition.Verdict);
    }

    [Theory]
    [InlineData(6, Verdict.Breach)] // 6 of 10 failed: above 50 %
    [InlineData(5, Verdict.Hold)]   // at the threshold, above its clearing band (40 %)
    [InlineData(3, Verdict.Clear)]  // below 40 %
    public void HighErrorRate_FailedShareInWindow_FiresAboveThresholdAndClearsBelowItsBand(int failed, Verdict expected)
    {
        var now = Start.AddMinutes(10);
        // 20 attempts failed before the window; only the window's 10 count.
        WindowPoint[] recent = [new(now.AddMinutes(-5), 0, 20, 20), new(now, 0, 30, 20 + failed)];

        var condition = AlertRules.HighErrorRate(Input(now, Figures(ended: 30, failed: 20 + failed), recent: recent));

        Assert.Equal(expected, condition.Verdict);
    }

    [Fact]
    public void HighErrorRate_TooFewAttempts_Clear()
    {
        var now = Start.AddMinutes(10);
        WindowPoint[] recent = [new(now.AddMinutes(-5), 0, 0, 0), new(now, 0, 4, 4)];

        Assert.Equal(Verdict.Clear, AlertRules.HighErrorRate(Input(now, Figures(ended: 4, failed: 4), recent: recent)).Verdict);
    }

    [Theory]
    [InlineData(9, Verdict.Breach)]  // 1.8/min against 4/min before: under half
    [InlineData(12, Verdict.Hold)]   // 2.4/min: above half, below the clearing band (60 %)
    [InlineData(20, Verdict.Clear)]  // 4/min
    public void ThroughputDegraded_RecentRateAgainstBaseline_FiresBelowRatio(int finishedInWindow, Verdict expected)
    {
        // 40 tasks in the first 10 minutes: a baseline of 4 a minute.
        var windowStart = Start.AddMinutes(10);
        var now = windowStart.AddMinutes(5);
        WindowPoint[] recent = [new(windowStart, 40, 40, 0), new(now, 40 + finishedInWindow, 40 + finishedInWindow, 0)];

        var condition = AlertRules.ThroughputDegraded(Input(now, Figures(finished: 40 + finishedInWindow), recent: recent));

        Assert.Equal(expected, condition.Verdict);
    }

    [Fact]
    public void ThroughputDegraded_BaselineTooSmall_Clear()
    {
        var windowStart = Start.AddMinutes(10);
        var now = windowStart.AddMinutes(5);
        WindowPoint[] recent = [new(windowStart, 5, 5, 0), new(now, 5, 5, 0)];

        Assert.Equal(Verdict.Clear, AlertRules.ThroughputDegraded(Input(now, Figures(finished: 5), recent: recent)).Verdict);
    }

    [Theory]
    [InlineData(600, Verdict.Clear)]  // exactly two intervals of 5 minutes
    [InlineData(601, Verdict.Breach)]
    public void CheckpointStale_Age_FiresPastTwoIntervals(int ageSeconds, Verdict expected)
    {
        var checkpoint = Start.AddMinutes(1);

        var condition = AlertRules.CheckpointStale(Input(checkpoint.AddSeconds(ageSeconds), Figures(checkpoint: checkpoint)));

        Assert.Equal(expected, condition.Verdict);
    }

    [Fact]
    public void CheckpointStale_TimerOff_Clear()
    {
        var options = new AlertOptions { CheckpointInterval = TimeSpan.Zero };

        Assert.Equal(Verdict.Clear, AlertRules.CheckpointStale(Input(Start.AddDays(1), Figures(), options: options)).Verdict);
    }

    [Theory]
    [InlineData(1001, Verdict.Breach)]
    [InlineData(950, Verdict.Hold)]
    [InlineData(899, Verdict.Clear)]
    public void MemoryOverBudget_Memory_FiresOverBudgetAndClearsUnderNinetyPercent(long memory, Verdict expected)
    {
        var condition = AlertRules.MemoryOverBudget(Input(Start, Figures(), Sample(Start, memory, budget: 1000)));

        Assert.Equal(expected, condition.Verdict);
    }

    [Fact]
    public void MemoryOverBudget_RunEnded_Clear()
    {
        var condition = AlertRules.MemoryOverBudget(Input(Start, Figures(status: RunStatus.Completed), Sample(Start, 5000, budget: 1000)));

        Assert.Equal(Verdict.Clear, condition.Verdict);
    }

    [Theory]
    [InlineData(2, false, false)]
    [InlineData(3, false, true)]
    [InlineData(1, true, true)]
    public void PersistentFailures_Task_FiresAtRepeatedOrFinalFailure(int inARow, bool forGood, bool fires)
    {
        var figures = Figures(troubled: [new TaskTrouble("build", inARow, forGood, "exit code 1")]);

        var conditions = AlertRules.PersistentFailures(Input(Start, figures)).ToList();

        Assert.Equal(fires, conditions.Count == 1);
        if (fires) Assert.Equal(("build", forGood ? AlertSeverity.Critical : AlertSeverity.Warning), (conditions[0].TaskId, conditions[0].Severity));
    }

    [Fact]
    public void Options_OutOfRange_NamesTheSetting()
    {
        var problems = new AlertOptions { ErrorRateThreshold = 2, PersistentFailureCount = 0 }.Validate();

        Assert.Contains(problems, p => p.Contains(nameof(AlertOptions.ErrorRateThreshold), StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(nameof(AlertOptions.PersistentFailureCount), StringComparison.Ordinal));
    }

    [Fact]
    public void Options_Defaults_Valid() => Assert.Empty(Options.Validate());
}
