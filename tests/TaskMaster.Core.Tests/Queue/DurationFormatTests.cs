using TaskMaster.Core.Queue;

namespace TaskMaster.Core.Tests.Queue;

public sealed class DurationFormatTests
{
    [Theory]
    [InlineData("250ms", 0, 0, 0, 250)]
    [InlineData("30s", 0, 0, 30, 0)]
    [InlineData("10m", 0, 10, 0, 0)]
    [InlineData("2h", 2, 0, 0, 0)]
    [InlineData("1h30m", 1, 30, 0, 0)]
    [InlineData("1.5s", 0, 0, 1, 500)]
    [InlineData("1m1h", 1, 1, 0, 0)]
    [InlineData("0s", 0, 0, 0, 0)]
    [InlineData("0", 0, 0, 0, 0)]
    public void TryParse_ValidDuration_ReturnsIt(string text, int hours, int minutes, int seconds, int milliseconds)
    {
        Assert.True(DurationFormat.TryParse(text, out var value));
        Assert.Equal(new TimeSpan(0, hours, minutes, seconds, milliseconds), value);
    }

    [Fact]
    public void TryParse_Days_ReturnsThem()
    {
        Assert.True(DurationFormat.TryParse("2d12h", out var value));
        Assert.Equal(TimeSpan.FromHours(60), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("00")]
    [InlineData("0.0")]
    [InlineData("s")]
    [InlineData("-5s")]
    [InlineData("5 s")]
    [InlineData("1h 30m")]
    [InlineData("5sec")]
    [InlineData("5S")]
    [InlineData("1.s")]
    [InlineData(".5s")]
    [InlineData("1.2.3s")]
    [InlineData("99999999999999999999d")]
    [InlineData("10675200d")]
    public void TryParse_NotADuration_ReturnsFalse(string text)
    {
        Assert.False(DurationFormat.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0, 0, 0, 0, "0s")]
    [InlineData(0, 0, 0, 250, "250ms")]
    [InlineData(1, 30, 0, 0, "1h30m")]
    [InlineData(0, 0, 1, 500, "1s500ms")]
    [InlineData(26, 0, 5, 0, "1d2h5s")]
    public void Format_Duration_WritesLargestUnitsFirst(int hours, int minutes, int seconds, int milliseconds, string expected)
    {
        Assert.Equal(expected, DurationFormat.Format(new TimeSpan(0, hours, minutes, seconds, milliseconds)));
    }

    [Fact]
    public void Format_SubMillisecond_WritesDecimalMilliseconds()
    {
        Assert.Equal("1.5ms", DurationFormat.Format(TimeSpan.FromTicks(15_000)));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(123_456_789_012L)]
    [InlineData(long.MaxValue)]
    public void Format_AnyDuration_ParsesBackToItself(long ticks)
    {
        var value = TimeSpan.FromTicks(ticks);

        Assert.True(DurationFormat.TryParse(DurationFormat.Format(value), out var parsed));
        Assert.Equal(value, parsed);
    }

    [Fact]
    public void Format_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DurationFormat.Format(TimeSpan.FromSeconds(-1)));
    }
}
