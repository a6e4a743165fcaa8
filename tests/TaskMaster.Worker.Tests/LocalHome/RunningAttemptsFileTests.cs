using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Worker.Tests.LocalHome;

public sealed class RunningAttemptsFileTests
{
    private const string Token = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void Parse_SlotsWritten_GivesEachRecordWithItsCgroupUnderTheHeadersFolder()
    {
        var content = File(cgroupFolder: "/sys/fs/cgroup/x/taskmaster-1-2-3", slots: 3);
        RunningAttemptsFile.WriteSlot(Slot(content, 0), "build", 4242, 987654, Token);
        RunningAttemptsFile.WriteSlot(Slot(content, 2), new string('t', 200), 0, 0, Token.Replace('0', 'f'));

        var attempts = RunningAttemptsFile.Parse(content);

        Assert.Equal(
        [
            new RunningAttempt("build", 4242, 987654, Token, "/sys/fs/cgroup/x/taskmaster-1-2-3/" + Token),
            new RunningAttempt(new string('t', 200), 0, 0, Token.Replace('0', 'f'), "/sys/fs/cgroup/x/taskmaster-1-2-3/" + Token.Replace('0', 'f')),
        ], attempts);
    }

    [Fact]
    public void Parse_NoCgroups_AttemptsHaveNone()
    {
        var content = File(cgroupFolder: null, slots: 1);
        RunningAttemptsFile.WriteSlot(Slot(content, 0), "t", 7, 8, Token);

        Assert.Null(Assert.Single(RunningAttemptsFile.Parse(content)).CgroupPath);
    }

    [Fact]
    public void Parse_FreedOrDamagedSlotsAndAForeignHeader_AreLeftOut()
    {
        var content = File(cgroupFolder: null, slots: 3);
        RunningAttemptsFile.WriteSlot(Slot(content, 0), "t", 7, 8, Token);
        Slot(content, 0).Clear();
        "garbage that is no record\n"u8.CopyTo(Slot(content, 1));
        RunningAttemptsFile.WriteSlot(Slot(content, 2), "t", 7, 8, "not-a-token");

        Assert.Empty(RunningAttemptsFile.Parse(content));
        Assert.Empty(RunningAttemptsFile.Parse(new byte[RunningAttemptsFile.HeaderSize + RunningAttemptsFile.SlotSize]));
    }

    [Fact]
    public void SlotOffset_EverySlot_LiesWithinOnePage()
    {
        for (var index = 0; index < 100; index++)
        {
            var start = RunningAttemptsFile.SlotOffset(index);
            Assert.Equal(start / 4096, (start + RunningAttemptsFile.SlotSize - 1) / 4096);
        }
    }

    private static byte[] File(string? cgroupFolder, int slots)
    {
        var content = new byte[RunningAttemptsFile.HeaderSize + (slots * RunningAttemptsFile.SlotSize)];
        RunningAttemptsFile.Header(cgroupFolder).CopyTo(content, 0);
        return content;
    }

    private static Span<byte> Slot(byte[] content, int index) =>
        content.AsSpan((int)RunningAttemptsFile.SlotOffset(index), RunningAttemptsFile.SlotSize);
}
