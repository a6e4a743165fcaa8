using TaskMaster.Core.Scheduling;

namespace TaskMaster.Core.Tests.Scheduling;

public sealed class ProgressLineTests
{
    [Theory]
    [InlineData("::progress 25", 25, null)]
    [InlineData("::progress 42.5 halfway there", 42.5, "halfway there")]
    [InlineData("  ::progress\t7   copying  files  ", 7, "copying  files")]
    [InlineData("::progress 50% half", 50, "half")]
    [InlineData("::progress 150 over", 100, "over")]
    [InlineData("::progress -3", 0, null)]
    public void TryParse_ProgressLine_ReadsClampedPercentAndMessage(string line, double percent, string? message)
    {
        Assert.True(ProgressLine.TryParse(line, out var actualPercent, out var actualMessage));
        Assert.Equal(percent, actualPercent);
        Assert.Equal(message, actualMessage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain output")]
    [InlineData("::progress")]
    [InlineData("::progress   ")]
    [InlineData("::progress half")]
    [InlineData("::progress NaN")]
    [InlineData("::progress Infinity")]
    [InlineData("::progressive 5")]
    [InlineData("::PROGRESS 5")]
    [InlineData("note: ::progress 5")]
    public void TryParse_OtherLine_IsOrdinaryOutput(string line) =>
        Assert.False(ProgressLine.TryParse(line, out _, out _));
}
