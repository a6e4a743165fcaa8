using TaskMaster.Monitor.Logs;

namespace TaskMaster.Monitor.Tests.Logs;

public sealed class StreamedTaskLogsTests
{
    private readonly StreamedTaskLogs _logs = new();

    [Fact]
    public void Read_BatchesInOrder_TheLinesAsTheAttemptWroteThem()
    {
        _logs.Append("run-1", "build", 1, 0, ["compiling", "linking"]);
        _logs.Append("run-1", "build", 1, 1, ["done"]);

        var page = _logs.Read("run-1", "build", 1, 0, 1000, ended: true)!;

        Assert.Equal("compiling\nlinking\ndone\n", page.Text);
        Assert.Equal((0L, page.Size, true), (page.Offset, page.NextOffset, page.Complete));
    }

    [Fact]
    public void Append_SameBatchTwice_TakenOnce()
    {
        _logs.Append("run-1", "build", 1, 0, ["once"]);
        _logs.Append("run-1", "build", 1, 0, ["once"]);

        Assert.Equal("once\n", _logs.Read("run-1", "build", 1, 0, 1000, ended: false)!.Text);
    }

    [Fact]
    public void Append_BatchMissed_MarkedWhereItWasLost()
    {
        _logs.Append("run-1", "build", 1, 0, ["first"]);
        _logs.Append("run-1", "build", 1, 2, ["third"]);

        Assert.Equal("first\n[… 1 batch(es) of lines lost on the way …]\nthird\n", _logs.Read("run-1", "build", 1, 0, 1000, ended: false)!.Text);
    }

    [Fact]
    public void Read_PageSmallerThanTheLog_EndsAtALineAndTheNextPageGoesOn()
    {
        _logs.Append("run-1", "build", 1, 0, ["aaaa", "bbbb", "cccc"]);

        var first = _logs.Read("run-1", "build", 1, 0, 12, ended: true)!;
        var second = _logs.Read("run-1", "build", 1, first.NextOffset, 12, ended: true)!;

        Assert.Equal(("aaaa\nbbbb\n", false), (first.Text, first.Complete));
        Assert.Equal(("cccc\n", true), (second.Text, second.Complete));
    }

    [Fact]
    public void Read_AttemptNothingArrivedOf_Null()
    {
        _logs.Append("run-1", "build", 1, 0, ["x"]);

        Assert.Null(_logs.Read("run-1", "build", 2, 0, 1000, ended: false));
        Assert.Null(_logs.Read("run-2", "build", 1, 0, 1000, ended: false));
    }

    [Fact]
    public void Forget_Run_ItsLogsAreGoneOthersStay()
    {
        _logs.Append("run-1", "build", 1, 0, ["x"]);
        _logs.Append("run-2", "build", 1, 0, ["y"]);

        _logs.Forget("run-1");

        Assert.Null(_logs.Read("run-1", "build", 1, 0, 1000, ended: false));
        Assert.NotNull(_logs.Read("run-2", "build", 1, 0, 1000, ended: false));
    }
}
