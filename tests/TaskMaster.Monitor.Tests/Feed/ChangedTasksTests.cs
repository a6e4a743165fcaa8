using TaskMaster.Monitor.Feed;

namespace TaskMaster.Monitor.Tests.Feed;

public sealed class ChangedTasksTests
{
    [Fact]
    public void Add_TheSameTaskTwice_ListsItOnceInTheOrderFirstChanged()
    {
        var changed = new ChangedTasks(taskCount: 10);

        foreach (var index in new[] { 7, 2, 7, 9, 2 }) changed.Add(index);

        Assert.Equal([7, 2, 9], changed.Indices);
    }

    [Fact]
    public void Clear_AfterAnUpdate_ForgetsTheTasksAndTheirMarks()
    {
        var changed = new ChangedTasks(taskCount: 10);
        changed.Add(3);
        changed.AddAll();

        changed.Clear();
        changed.Add(3);

        Assert.Equal([3], changed.Indices);
        Assert.False(changed.All);
    }
}
