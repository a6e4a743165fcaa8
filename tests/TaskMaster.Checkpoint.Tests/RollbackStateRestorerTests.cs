using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.Core.Tests.Checkpoints;
using TaskMaster.LocalHome;
using static TaskMaster.Core.Tests.TestQueues;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Checkpoint.Tests;

/// <summary>State files put back as a rollback resets tasks, from a real checkpoint file in a temporary home.</summary>
public sealed class RollbackStateRestorerTests : IDisposable
{
    private const string RunId = "run-1";

    private readonly string _root = Directory.CreateTempSubdirectory("taskmaster-restorer-").FullName;
    private readonly HomeLayout _home;
    private readonly FileCheckpointStore _store;
    private readonly RollbackStateRestorer _restorer;
    // The sample checkpoint's tasks; the restorer does not read the state it is given.
    private readonly RunState _state = new(QueueOf(TaskDef("setup"), TaskDef("build"), TaskDef("fetch"), TaskDef("report")));

    public RollbackStateRestorerTests()
    {
        _home = new HomeLayout(Path.Combine(_root, "home"));
        _store = new FileCheckpointStore(CheckpointStoreOptions.For(_home), new FakeTimeProvider(CheckpointSamples.T0), NullLogger<FileCheckpointStore>.Instance);
        _restorer = new RollbackStateRestorer(_home, _store);
    }

    /// <summary>Writes the sample checkpoint with these saved state files (null: an entry without one) and returns its path.</summary>
    private async Task<string> WriteCheckpointAsync(params (string TaskId, string? State)[] saved)
    {
        var results = saved.ToDictionary(
            s => s.TaskId,
            s => new TaskIntermediateResult(s.State is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(s.State)), null, []));
        var written = await _store.WriteAsync(CheckpointSamples.Running(RunId) with { IntermediateResults = results });
        Assert.True(written.Succeeded);
        return written.Primary.Path;
    }

    private static RunRolledBack RolledBack(string checkpointPath, params string[] resetTaskIds) =>
        new(CheckpointSamples.T0, "build", 3, checkpointPath, 41,
            resetTaskIds.Select(id => new TaskReset(id, TaskStatus.Ready, 1, 0, 0, null, null)).ToList());

    private string StateFile(string taskId) => _home.TaskStateFile(RunId, taskId);

    private void WriteState(string taskId, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StateFile(taskId))!);
        File.WriteAllText(StateFile(taskId), text);
    }

    [Fact]
    public async Task OnEvent_RunRolledBack_RewritesAResetTasksStateFileFromTheCheckpoint()
    {
        var checkpoint = await WriteCheckpointAsync(("build", "step=3"));
        WriteState("build", "step=7");

        _restorer.OnEvent(RolledBack(checkpoint, "build"), _state);

        Assert.Equal("step=3", File.ReadAllText(StateFile("build")));
    }

    [Fact]
    public async Task OnEvent_RunRolledBack_DeletesAResetTasksStateFileTheCheckpointHadNoneOf()
    {
        var checkpoint = await WriteCheckpointAsync(("setup", null)); // setup had outputs but no state file; fetch had nothing
        WriteState("setup", "written after the checkpoint");
        WriteState("fetch", "written after the checkpoint");

        _restorer.OnEvent(RolledBack(checkpoint, "setup", "fetch"), _state);

        Assert.False(File.Exists(StateFile("setup")));
        Assert.False(File.Exists(StateFile("fetch")));
    }

    [Fact]
    public async Task OnEvent_RunRolledBack_LeavesTheStateFilesOfTasksNotResetAlone()
    {
        var checkpoint = await WriteCheckpointAsync(("build", "step=3"), ("report", "old"));
        WriteState("build", "step=7");
        WriteState("report", "new");

        _restorer.OnEvent(RolledBack(checkpoint, "build"), _state);

        Assert.Equal("new", File.ReadAllText(StateFile("report")));
    }

    [Fact]
    public async Task OnEvent_CheckpointUnreadable_ChangesNoStateFile()
    {
        var checkpoint = await WriteCheckpointAsync(("build", "step=3"));
        File.WriteAllText(checkpoint, "{ not a checkpoint");
        WriteState("build", "step=7");

        _restorer.OnEvent(RolledBack(checkpoint, "build"), _state);

        Assert.Equal("step=7", File.ReadAllText(StateFile("build")));
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
