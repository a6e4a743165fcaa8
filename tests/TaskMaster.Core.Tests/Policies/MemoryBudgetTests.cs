using TaskMaster.Core.Policies;

namespace TaskMaster.Core.Tests.Policies;

public sealed class MemoryBudgetTests
{
    [Fact]
    public void For_TaskCount_IsBasePlusPerTimesSquareRoot()
    {
        var budget = new MemoryBudget(256L << 20, 1L << 20);

        Assert.Equal((256L << 20) + (100L << 20), budget.For(10_000));
        Assert.Equal(256L << 20, budget.For(0));
    }

    [Theory]
    [InlineData("256Mi+1Mi", 256L << 20, 1L << 20)]
    [InlineData("1Gi + 512Ki", 1L << 30, 512L << 10)]
    [InlineData("64Mi+0", 64L << 20, 0)]
    public void TryParse_BasePlusPer_ReadsBothSizes(string text, long baseBytes, long perSqrt)
    {
        Assert.True(MemoryBudget.TryParse(text, out var budget));
        Assert.Equal(new MemoryBudget(baseBytes, perSqrt), budget);
    }

    [Theory]
    [InlineData("256Mi")]
    [InlineData("256Mi+")]
    [InlineData("lots+1Mi")]
    [InlineData("0+1Mi")]
    [InlineData("1Mi+2Mi+3Mi")]
    public void TryParse_NotBasePlusPer_IsRefused(string text)
    {
        Assert.False(MemoryBudget.TryParse(text, out _));
    }

    [Fact]
    public void ToString_Default_ReadsBackAsTheDefault()
    {
        Assert.True(MemoryBudget.TryParse(MemoryBudget.Default.ToString(), out var again));
        Assert.Equal(MemoryBudget.Default, again);
    }
}
