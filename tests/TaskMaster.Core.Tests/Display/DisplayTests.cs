using TaskMaster.Core.Display;

namespace TaskMaster.Core.Tests.Display;

public sealed class DisplayTests
{
    [Theory]
    [MemberData(nameof(DisplayCases.Durations), MemberType = typeof(DisplayCases))]
    public void HumanDuration_Format_WritesItAsPeopleDo(double seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(seconds));

    [Fact]
    public void HumanDuration_Format_NeverWritesQueueFileStyle()
    {
        Assert.Equal("1.5s", HumanDuration.Format(TimeSpan.FromMilliseconds(1500)));
        Assert.Equal("2m 5s", HumanDuration.Format(TimeSpan.FromSeconds(125)));
    }

    [Theory]
    [MemberData(nameof(DisplayCases.Times), MemberType = typeof(DisplayCases))]
    public void ClockTime_Format_IsUtcOnA24HourClockWithTheZoneNamed(long unixMs, string expected) =>
        Assert.Equal(expected, ClockTime.Format(DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToOffset(TimeSpan.FromHours(-7))));

    [Fact]
    public void ClockTime_Precise_KeepsTheMilliseconds() =>
        Assert.Equal("2026-12-01 20:35:47.188 UTC", ClockTime.Precise(DateTimeOffset.FromUnixTimeMilliseconds(1796157347188)));

    [Theory]
    [InlineData(0, "0 tasks")]
    [InlineData(1, "1 task")]
    [InlineData(2, "2 tasks")]
    public void Counted_Of_SingularOnlyForOne(long count, string expected) => Assert.Equal(expected, Counted.Of(count, "task"));

    [Theory]
    [MemberData(nameof(DisplayCases.Progress), MemberType = typeof(DisplayCases))]
    public void ProgressText_Of_AlwaysSaysSucceededFailedAndBlocked(int total, int succeeded, int failed, int blocked, int skipped, string expected) =>
        Assert.Equal(expected, ProgressText.Of(total, succeeded, failed, blocked, skipped));
}
