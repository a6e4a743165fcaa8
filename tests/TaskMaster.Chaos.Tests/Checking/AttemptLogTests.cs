namespace TaskMaster.Chaos.Tests.Checking;

public sealed class AttemptLogTests
{
    [Fact]
    public void Parse_StartAndEnd_JoinsThemByAttemptId()
    {
        var records = AttemptLog.Parse([
            "start t001 1 aa 1764748800000 /w/1",
            "start t002 1 bb 1764748800100 /w/2",
            "end t001 1 aa 1764748801000 75",
        ]);

        Assert.Equal(2, records.Count);
        Assert.Equal(new AttemptRecord("t001", 1, "aa", DateTimeOffset.FromUnixTimeMilliseconds(1764748800000), DateTimeOffset.FromUnixTimeMilliseconds(1764748801000), 75, "/w/1"), records[0]);
        Assert.Null(records[1].EndedAt);
        Assert.False(records[0].Succeeded);
    }

    [Fact]
    public void Parse_LastLineCutShort_IsLeftOut()
    {
        var records = AttemptLog.Parse(["start t001 1 aa 1764748800000 /w/1", "end t001 1 a"]);

        Assert.Null(Assert.Single(records).ExitCode);
    }

    [Fact]
    public void Parse_BadLineInTheMiddle_NamesItsLine()
    {
        var error = Assert.Throws<FormatException>(() => AttemptLog.Parse(["start t001 1 aa 1764748800000 /w/1", "begin t001 1 aa 1764748800000 /w/1", ""]));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }
}
