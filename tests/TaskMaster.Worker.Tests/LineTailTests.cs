namespace TaskMaster.Worker.Tests;

public sealed class LineTailTests
{
    [Fact]
    public void Snapshot_MoreLinesThanCapacity_KeepsTheLastInOrder()
    {
        var tail = new LineTail(2);
        foreach (var line in new[] { "a", "b", "c" }) tail.Add(line);

        Assert.Equal(["b", "c"], tail.Snapshot());
    }

    [Fact]
    public void Add_VeryLongLine_KeepsItsStartOnly()
    {
        var tail = new LineTail(1);

        tail.Add(new string('x', LineTail.MaxLineLength * 10));

        Assert.Equal(new string('x', LineTail.MaxLineLength) + "…", Assert.Single(tail.Snapshot()));
    }

    [Fact]
    public void Snapshot_ZeroCapacity_IsEmpty()
    {
        var tail = new LineTail(0);

        tail.Add("a");

        Assert.Empty(tail.Snapshot());
    }
}
