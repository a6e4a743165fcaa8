namespace TaskMaster.Worker.Tests;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(500, "500ms")]
    [InlineData(30_000, "30s")]
    [InlineData(90_000, "1m 30s")]
    [InlineData(1_500, "1.5s")]
    [InlineData(3_600_000, "1h")]
    [InlineData(90_000_000, "1d 1h")]
    [InlineData(0, "0s")]
    public void Format_Duration_WritesItAsPeopleDo(int milliseconds, string expected) =>
        Assert.Equal(expected, DurationText.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
