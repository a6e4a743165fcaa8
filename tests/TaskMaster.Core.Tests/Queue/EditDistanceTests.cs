using TaskMaster.Core.Queue;

namespace TaskMaster.Core.Tests.Queue;

public sealed class EditDistanceTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("retrys", "retries", 2)]
    [InlineData("retres", "retries", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("fecth", "fetch", 2)]
    public void Between_TwoStrings_CountsEdits(string a, string b, int expected)
    {
        Assert.Equal(expected, EditDistance.Between(a, b));
    }

    [Fact]
    public void Between_LongStrings_DoesNotNeedTheStack()
    {
        Assert.Equal(1000, EditDistance.Between(new string('a', 1000), new string('b', 1000)));
    }

    [Fact]
    public void Nearest_SeveralCandidates_ReturnsClosest()
    {
        Assert.Equal(("build", 1), EditDistance.Nearest("buid", ["fetch", "build", "test"]) is { } n ? (n.Candidate, n.Distance) : default);
    }

    [Fact]
    public void Nearest_Tie_ReturnsFirst()
    {
        Assert.Equal("ab", EditDistance.Nearest("aa", ["ab", "ba"])?.Candidate);
    }

    [Fact]
    public void Nearest_NoCandidates_ReturnsNull()
    {
        Assert.Null(EditDistance.Nearest("x", []));
    }
}
