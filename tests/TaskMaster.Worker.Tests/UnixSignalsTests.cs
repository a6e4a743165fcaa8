namespace TaskMaster.Worker.Tests;

public sealed class UnixSignalsTests
{
    [Theory]
    [InlineData(137, 9)]
    [InlineData(143, 15)]
    [InlineData(129, 1)]
    [InlineData(192, 64)]
    public void TryFromExitCode_128PlusN_IsSignalN(int exitCode, int signal)
    {
        Assert.True(UnixSignals.TryFromExitCode(exitCode, out var actual));
        Assert.Equal(signal, actual);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(128)]
    [InlineData(193)]
    [InlineData(255)]
    public void TryFromExitCode_OtherCode_IsNoSignal(int exitCode) =>
        Assert.False(UnixSignals.TryFromExitCode(exitCode, out _));

    [Theory]
    [InlineData(9, "SIGKILL")]
    [InlineData(15, "SIGTERM")]
    [InlineData(11, "SIGSEGV")]
    [InlineData(40, "SIGRTMIN+6")]
    public void Name_Signal_IsItsConventionalName(int signal, string name) =>
        Assert.Equal(name, UnixSignals.Name(signal));

    [Fact]
    public void SendToGroup_OwnOrEveryGroup_IsRefused()
    {
        // kill(0) is our own group and kill(-1) every process we may signal: never meant.
        Assert.False(UnixSignals.SendToGroup(0, 0));
        Assert.False(UnixSignals.SendToGroup(1, 0));
    }
}
