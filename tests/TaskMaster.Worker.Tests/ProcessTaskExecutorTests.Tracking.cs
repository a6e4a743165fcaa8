using System.Diagnostics;
using System.Globalization;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Worker.Tests.Support;
using TaskMaster.Worker.Tracking;

namespace TaskMaster.Worker.Tests;

/// <summary>How a task's processes are tracked: a cgroup per attempt, the process tree, and what a killed executor left.</summary>
public sealed partial class ProcessTaskExecutorTests
{

    [Fact]
    public async Task Start_CgroupsOffered_RunsEachAttemptInACgroupOfItsOwnRemovedAfterwards()
    {
        await using var harness = new ExecutorHarness(tracking: TaskTracking.Auto);
        Assert.SkipWhen(harness.Executor.CgroupFolder is null, NoCgroups(harness));
        var folder = harness.Executor.CgroupFolder!;

        // Attempts one after the other: from the second on, the mover's thread is awake when the
        // shell starts, and moves it at once. Each shell waits (bounded) for its move, which lands
        // a moment after the start: what it forks before is tracked by the process tree as well.
        for (var n = 1; n <= 8; n++)
        {
            await harness.RunAsync(ExecutorHarness.Task(
                "i=0; while [ $i -lt 200 ] && ! grep -q \"/$TASKMASTER_ATTEMPT_ID\\$\" /proc/self/cgroup; do sleep 0.05; i=$((i+1)); done; "
                + $"grep '^0::' /proc/self/cgroup > cgroup-{n}.txt; echo $TASKMASTER_ATTEMPT_ID > id-{n}.txt", id: $"t{n}"));

            var token = File.ReadAllText(harness.InQueue($"id-{n}.txt")).Trim();
            Assert.EndsWith($"/{Path.GetFileName(folder)}/{token}", File.ReadAllText(harness.InQueue($"cgroup-{n}.txt")).Trim(), StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(folder, token)));
        }
    }

    [Fact]
    public async Task Start_ProcessTreeAsked_UsesNoCgroup()
    {
        await using var harness = new ExecutorHarness(tracking: TaskTracking.ProcessTree);

        await harness.RunAsync(ExecutorHarness.Task("grep '^0::' /proc/self/cgroup > cgroup.txt"));

        Assert.Null(harness.Executor.CgroupFolder);
        Assert.DoesNotContain("taskmaster-", File.ReadAllText(harness.InQueue("cgroup.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_CgroupsUsed_RemovesTheExecutorsFolder()
    {
        var harness = new ExecutorHarness(tracking: TaskTracking.Auto);
        var folder = harness.Executor.CgroupFolder;
        await harness.RunAsync(ExecutorHarness.Task("true"));

        await harness.DisposeAsync();

        Assert.SkipWhen(folder is null, "no cgroups here");
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task New_FolderOfADeadExecutor_EmptyCgroupsRemovedPopulatedOnesKept()
    {
        await using var probe = new ExecutorHarness(tracking: TaskTracking.Auto);
        Assert.SkipWhen(probe.Executor.CgroupFolder is null, NoCgroups(probe));
        var own = Path.GetDirectoryName(probe.Executor.CgroupFolder)!;
        // No process has pid int.MaxValue: this folder's executor is gone.
        var dead = Path.Combine(own, $"taskmaster-{int.MaxValue}-1-1");
        var empty = Directory.CreateDirectory(Path.Combine(dead, "empty")).FullName;

        await using var harness = new ExecutorHarness(tracking: TaskTracking.Auto);

        Assert.False(Directory.Exists(empty));
        Assert.False(Directory.Exists(dead));
    }

    [Fact]
    public async Task KillLeftoversOf_ProcessCarryingAMarkedToken_KilledWhileAProcessOfTheSameGroupWithoutItIsSpared()
    {
        await using var harness = new ExecutorHarness();
        const string Token = "0123456789abcdef0123456789abcdef";
        using var leftover = StartSleep(Token);
        using var bystander = StartSleep(attemptId: null);
        // The marker names the bystander's group, as a recycled pid might: only the token decides.
        WriteMarker(harness, "lost", $"{bystander.Id} {StartTime(bystander.Id)} {Token} -");
        try
        {
            var killed = ProcessTaskExecutor.KillLeftoversOf(harness.Home, ExecutorHarness.RunId);

            Assert.Equal(["lost"], killed);
            Assert.True(await ProcessStatus.EndsWithinAsync(leftover.Id, TimeSpan.FromSeconds(5)));
            Assert.False(ProcessStatus.HasEnded(bystander.Id));
            Assert.False(File.Exists(harness.Home.RunningMarker(ExecutorHarness.RunId, "lost")));
        }
        finally
        {
            bystander.Kill();
        }
    }

    [Fact]
    public async Task KillLeftoversOf_AttemptInADeadExecutorsFile_KillsTheProcessCarryingItsTokenSparesTheGroupAndRemovesTheFile()
    {
        await using var harness = new ExecutorHarness();
        const string Token = "fedcba9876543210fedcba9876543210";
        using var leftover = StartSleep(Token);
        using var bystander = StartSleep(attemptId: null);
        var content = new byte[RunningAttemptsFile.HeaderSize + (2 * RunningAttemptsFile.SlotSize)];
        RunningAttemptsFile.Header(cgroupFolder: null).CopyTo(content, 0);
        // The second slot: the first was freed as its attempt ended.
        RunningAttemptsFile.WriteSlot(content.AsSpan((int)RunningAttemptsFile.SlotOffset(1)), "lost", bystander.Id, StartTime(bystander.Id), Token);
        Directory.CreateDirectory(harness.Home.RunningDirectory(ExecutorHarness.RunId));
        // No process has pid int.MaxValue: the file is a dead executor's.
        var file = Path.Combine(harness.Home.RunningDirectory(ExecutorHarness.RunId), $"{int.MaxValue}-2-3{RunningAttemptsFile.Extension}");
        File.WriteAllBytes(file, content);
        try
        {
            var killed = ProcessTaskExecutor.KillLeftoversOf(harness.Home, ExecutorHarness.RunId);

            Assert.Equal(["lost"], killed);
            Assert.True(await ProcessStatus.EndsWithinAsync(leftover.Id, TimeSpan.FromSeconds(5)));
            Assert.False(ProcessStatus.HasEnded(bystander.Id));
            Assert.False(File.Exists(file));
        }
        finally
        {
            bystander.Kill();
        }
    }

    [Fact]
    public async Task KillLeftoversOf_MarkedCgroupOfADeadExecutor_KillsWhatIsInItAndRemovesIt()
    {
        await using var harness = new ExecutorHarness(tracking: TaskTracking.Auto);
        Assert.SkipWhen(harness.Executor.CgroupFolder is null, NoCgroups(harness));
        // A folder named for this live process, with an instance number no executor uses: nobody's stale clean-up touches it.
        var folder = Path.Combine(Path.GetDirectoryName(harness.Executor.CgroupFolder)!, $"taskmaster-{Environment.ProcessId}-{StartTime(Environment.ProcessId)}-999999");
        var cgroup = Directory.CreateDirectory(Path.Combine(folder, "fedcba9876543210fedcba9876543210")).FullName;
        using var leftover = StartSleep(attemptId: null);
        File.WriteAllText(Path.Combine(cgroup, "cgroup.procs"), leftover.Id.ToString(CultureInfo.InvariantCulture));
        WriteMarker(harness, "lost", $"{leftover.Id} {StartTime(leftover.Id)} fedcba9876543210fedcba9876543210 {cgroup}");

        var killed = ProcessTaskExecutor.KillLeftoversOf(harness.Home, ExecutorHarness.RunId);

        Assert.Equal(["lost"], killed);
        Assert.True(await ProcessStatus.EndsWithinAsync(leftover.Id, TimeSpan.FromSeconds(5)));
        Assert.False(Directory.Exists(cgroup));
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task KillLeftoversOf_MarkerOfAnEarlierVersionWhoseLeaderIsGone_KillsNothing()
    {
        await using var harness = new ExecutorHarness();
        using var bystander = StartSleep(attemptId: null);
        // Group and start time only, and the start time is not the process's: its pid came round again.
        WriteMarker(harness, "old", $"{bystander.Id} {StartTime(bystander.Id) - 1}");
        try
        {
            Assert.Empty(ProcessTaskExecutor.KillLeftoversOf(harness.Home, ExecutorHarness.RunId));
            Assert.False(ProcessStatus.HasEnded(bystander.Id));
        }
        finally
        {
            bystander.Kill();
        }
    }

    private static string NoCgroups(ExecutorHarness harness) => $"no cgroups here: {harness.Executor.TrackingDescription}";

    /// <summary>A <c>sleep 300</c> in a session of its own, with <paramref name="attemptId"/> in its environment.</summary>
    private static Process StartSleep(string? attemptId)
    {
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false };
        info.ArgumentList.Add("sleep");
        info.ArgumentList.Add("300");
        if (attemptId is not null) info.Environment[TaskEnvironment.AttemptId] = attemptId;
        return Process.Start(info)!;
    }

    private static void WriteMarker(ExecutorHarness harness, string taskId, string content)
    {
        var path = harness.Home.RunningMarker(ExecutorHarness.RunId, taskId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static ulong StartTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return ulong.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19], CultureInfo.InvariantCulture);
    }
}
