using TaskMaster.Worker.Native;

namespace TaskMaster.Worker.Tests.Native;

public sealed class ShellSpawnerTests
{
    [Fact]
    public async Task Spawn_Adopting_ShellAlreadyKnownToTheReaperAndItsExitStillTold()
    {
        // What the cgroup mover does on its own thread, done here at the soonest it could run: a shell
        // the reaper did not know yet was never moved into its cgroup.
        var heldUnreaped = false;

        var shell = ShellSpawner.Spawn("/bin/sh", "exit 7", Path.GetTempPath(), [],
            pid => heldUnreaped = ChildReaper.Shared.WhileUnreaped(pid, () => { }));

        using (shell.Pidfd)
        await using (shell.Stdout)
        await using (shell.Stderr)
        {
            Assert.True(heldUnreaped);
            Assert.Equal(7, await shell.Exited.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        }
    }
}
