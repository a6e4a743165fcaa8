using System.Text;
using TaskMaster.Checkpoint.Journal;
using TaskMaster.Checkpoint.Resume;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.Core.Tests;
using TaskMaster.Core.Tests.Checkpoints;
using TaskMaster.LocalHome;

namespace TaskMaster.Checkpoint.Tests.Resume;

/// <summary>
/// Three unfinished tasks: <c>kept</c> and <c>lost</c> have a state file saved in the checkpoint, <c>own</c>
/// has none. On disk, <c>kept</c> and <c>own</c> have newer files; <c>lost</c>'s is gone.
/// </summary>
public sealed class ResumePlanStateFilesTests : IDisposable
{
    private const string RunId = "run-state-files";
    private readonly HomeLayout _home = new(Directory.CreateTempSubdirectory("taskmaster-state-files-").FullName);

    public ResumePlanStateFilesTests()
    {
        Write("kept", "newer");
        Write("own", "own");
    }

    [Fact]
    public void RestoreStateFiles_NewestCheckpoint_RestoresOnlyMissingSavedFilesAndKeepsNewerOnes()
    {
        var (plan, state) = Plan(fromNamedFile: false);

        var restored = plan.RestoreStateFiles(_home, state);

        Assert.Equal(["lost"], restored);
        Assert.Equal("newer", Read("kept"));
        Assert.Equal("saved lost", Read("lost"));
        Assert.Equal("own", Read("own"));
    }

    [Fact]
    public void RestoreStateFiles_NamedCheckpoint_GivesEveryTaskExactlyTheCheckpointsCopyOrNone()
    {
        var (plan, state) = Plan(fromNamedFile: true);

        var restored = plan.RestoreStateFiles(_home, state);

        Assert.Equal(["kept", "lost"], restored);
        Assert.Equal("saved kept", Read("kept"));
        Assert.Equal("saved lost", Read("lost"));
        Assert.False(File.Exists(_home.TaskStateFile(RunId, "own")));
    }

    public void Dispose() => Directory.Delete(_home.Home, recursive: true);

    private (ResumePlan Plan, RunState State) Plan(bool fromNamedFile)
    {
        var queue = TestQueues.QueueOf(TestQueues.TaskDef("kept"), TestQueues.TaskDef("lost"), TestQueues.TaskDef("own"));
        var state = new RunState(queue);
        state.Apply(new RunStarted(DateTimeOffset.UnixEpoch, RunId, queue.Name, queue.SourcePath, queue.ContentHash, 3, 1, false, null) { Sequence = 1 });
        var context = CheckpointContexts.Plain(1, DateTimeOffset.UnixEpoch) with
        {
            IntermediateResults = new Dictionary<string, TaskIntermediateResult>
            {
                ["kept"] = Saved("saved kept"),
                ["lost"] = Saved("saved lost"),
            },
        };
        var journal = new JournalReadResult([], 0, null, TornTail: false, LastSequence: 1);
        var plan = new ResumePlan(queue, CheckpointBuilder.Build(state, context), "checkpoint.json", fromNamedFile, journal, [], JournalFiles.Single("journal.jsonl"), []);
        return (plan, plan.BuildState());
    }

    private static TaskIntermediateResult Saved(string content) => new(Convert.ToBase64String(Encoding.UTF8.GetBytes(content)), null, []);

    private void Write(string taskId, string content)
    {
        var path = _home.TaskStateFile(RunId, taskId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private string Read(string taskId) => File.ReadAllText(_home.TaskStateFile(RunId, taskId));
}
