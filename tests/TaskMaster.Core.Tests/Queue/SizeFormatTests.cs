using TaskMaster.Core.Queue;

namespace TaskMaster.Core.Tests.Queue;

public sealed class SizeFormatTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1048576", 1_048_576L)]
    [InlineData("1Ki", 1_024L)]
    [InlineData("256Mi", 268_435_456L)]
    [InlineData("2Gi", 2_147_483_648L)]
    [InlineData("1Ti", 1_099_511_627_776L)]
    [InlineData("1K", 1_000L)]
    [InlineData("500M", 500_000_000L)]
    [InlineData("2G", 2_000_000_000L)]
    [InlineData("3T", 3_000_000_000_000L)]
    [InlineData("1.5Gi", 1_610_612_736L)]
    public void TryParse_ValidSize_ReturnsBytes(string text, long bytes)
    {
        Assert.True(SizeFormat.TryParse(text, out var value));
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Mi")]
    [InlineData("2GB")]
    [InlineData("2gi")]
    [InlineData("2 Gi")]
    [InlineData("-1Mi")]
    [InlineData("1.5")]
    [InlineData("9999999Ti")]
    public void TryParse_NotASize_ReturnsFalse(string text)
    {
        Assert.False(SizeFormat.TryParse(text, out _));
    }
}
