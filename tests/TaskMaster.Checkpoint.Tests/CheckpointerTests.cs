using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TaskMaster.Checkpoint.Tests.Support;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.Core.Tests.Scheduling;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Checkpoint.Tests;

/// <summary>
/// The checkpointer fed by hand, as the scheduler feeds it: each event numbered and folded into the
/// scheduler's state first. Checkpoints go to a real store in a temporary home.
/// </summary>
public sealed class CheckpointerTests : IAsyncDisposable
{
    private const string RunId = "run-1";
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    private readonly string _root = Directory.CreateTempSubdirectory("taskmaster-checkpointer-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly EventRecorder _reports = new();
    private readonly QueueDefinition _queue = QueueOf(TaskDef("a") with { CheckpointAfter = true }, TaskDef("b"));
    private readonly RunState _schedulerState;
    private readonly FileCheckpointStore _store;
    private Checkpointer? _checkpointer;
    private long _sequence;

    public CheckpointerTests()
    {
        Layout = new HomeLayout(Path.Combine(_root, "home"));
        _schedulerState = new RunState(_queue);
        _store = new FileCheckpointStore(CheckpointStoreOptions.For(Layout), _time, NullLogger<FileCheckpointStore>.Instance);
    }

    private HomeLayout Layout { get; }

    private Checkpointer Start(TimeSpan interval = default, ICheckpointStore? store = null) =>
        _checkpointer = new Checkpointer(
            new RunState(_queue),
            new CheckpointerOptions { Home = Layout, JournalFile = $"runs/{RunId}/journal.jsonl", Interval = interval },
            store ?? _store, _time, NullLogger<Checkpointer>.Instance, _reports.Record, _reports.Record);

    private void Feed(params RunEvent[] events)
    {
        foreach (var e in events)
        {
            e.Sequence = ++_sequence;
            _schedulerState.Apply(e);
            _checkpointer!.OnEvent(e, _schedulerState);
        }
    }

    private RunStarted Started() => new(_time.GetUtcNow(), RunId, _queue.Name, _queue.SourcePath, _queue.ContentHash, 2, 2, false);

    private TaskSucceeded Succeeded(string id) => new(_time.GetUtcNow(), id, 1, 0, TimeSpan.FromSeconds(1));

    private Task<CheckpointTaken> Taken(string reason, long checkpointSequence = 0) =>
        _reports.WaitFor<CheckpointTaken>(t => t.Reason == reason && (checkpointSequence == 0 || t.CheckpointSequence == checkpointSequence));

    private static CheckpointDocument Read(string path)
    {
        var decoded = CheckpointCodec.Decode(File.ReadAllBytes(path));
        Assert.True(decoded.IsValid, decoded.ToString());
        return decoded.Document;
    }

    [Fact]
    public async Task OnEvent_RunStarted_WritesAStartCheckpointToBothFolders()
    {
        Start();

        Feed(Started());
        var taken = await Taken("start");

        Assert.Equal((1L, 1L), (taken.CheckpointSequence, taken.JournalPosition));
        Assert.Equal(("start", RunId), (Read(taken.Location).Reason, Read(taken.Location).RunId));
        Assert.True(File.Exists(taken.MirrorLocation), taken.MirrorLocation);
    }

    [Fact]
    public async Task IntervalElapsed_EachTime_WritesAnIntervalCheckpoint()
    {
        Start(Interval);
        Feed(Started());
        await Taken("start");

        _time.Advance(Interval);
        var first = await Taken("interval", checkpointSequence: 2);
        _time.Advance(Interval);
        var second = await Taken("interval", checkpointSequence: 3);

        Assert.Equal("interval", Read(first.Location).Reason);
        Assert.Equal("interval", Read(second.Location).Reason);
        Assert.Single(_reports.OfType<CheckpointTaken>(), t => t.Reason == "start");
    }

    [Fact]
    public async Task OnEvent_CheckpointAfterTaskSucceeded_WritesATaskAfterCheckpointCoveringIt()
    {
        Start();

        Feed(Started(), new TaskStarted(_time.GetUtcNow(), "b", 1), Succeeded("b"), new TaskStarted(_time.GetUtcNow(), "a", 1));
        var succeeded = Succeeded("a");
        Feed(succeeded);
        var taken = await Taken("task-after");

        Assert.Equal(succeeded.Sequence, taken.JournalPosition); // not b's success, which asked for none
        Assert.Equal("succeeded", Read(taken.Location).ExecutionState.Tasks.Single(t => t.Id == "a").Status);
    }

    [Fact]
    public async Task DisposeAsync_ShutdownRequestedAfterRunCompleted_WaitsForTheShutdownCheckpoint()
    {
        var checkpointer = Start();
        Feed(Started());
        foreach (var id in new[] { "a", "b" }) Feed(new TaskStarted(_time.GetUtcNow(), id, 1), Succeeded(id));
        Feed(new RunCompleted(_time.GetUtcNow(), Succeeded: true));
        checkpointer.Request(RunScheduler.FinalCheckpointReason);

        await checkpointer.DisposeAsync();

        var last = checkpointer.Last!;
        Assert.Equal(("shutdown", _sequence), (last.Reason, last.JournalPosition));
        Assert.Equal("completed", Read(last.Location).ExecutionState.Status);
    }

    [Fact]
    public async Task RequestAsync_NothingNewButTheLastCheckpointsOwnEvent_ReturnsThatCheckpoint()
    {
        var checkpointer = Start();
        Feed(Started());
        var start = await Taken("start");
        Feed(start); // the scheduler journals every checkpoint taken, and it comes back here

        var requested = await checkpointer.RequestAsync(force: false, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(start, requested);
        Assert.Single(_reports.OfType<CheckpointTaken>());
    }

    [Fact]
    public async Task RequestAsync_SomethingNewSinceTheLastCheckpoint_WritesAManualOne()
    {
        var checkpointer = Start();
        Feed(Started());
        Feed(await Taken("start"), new TaskStarted(_time.GetUtcNow(), "b", 1));

        var requested = await checkpointer.RequestAsync(force: false, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(("manual", 2L, _sequence), (requested.Reason, requested.CheckpointSequence, requested.JournalPosition));
    }

    [Fact]
    public async Task RequestAsync_RunPaused_RefusesAndSaysHowToForce()
    {
        var checkpointer = Start();
        Feed(Started(), new RunPaused(_time.GetUtcNow(), "critical task failed", ByOperator: false));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => checkpointer.RequestAsync(force: false, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Contains("--force", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestAsync_ForcedOnAPausedRunWithNothingNew_WritesANewCheckpoint()
    {
        var checkpointer = Start();
        Feed(Started(), new RunPaused(_time.GetUtcNow(), "critical task failed", ByOperator: false));
        var start = await Taken("start");

        var forced = await checkpointer.RequestAsync(force: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(("manual", start.CheckpointSequence + 1), (forced.Reason, forced.CheckpointSequence));
        Assert.Equal("paused", Read(forced.Location).ExecutionState.Status);
    }

    [Fact]
    public async Task OnEvent_TaskWroteAStateFile_CheckpointCarriesItsBytesInBase64()
    {
        byte[] saved = [0x00, 0xff, 0x10, (byte)'s', (byte)'t', (byte)'e', (byte)'p', (byte)'=', (byte)'3', 0x80];
        var stateFile = Layout.TaskStateFile(RunId, "a");
        Directory.CreateDirectory(Path.GetDirectoryName(stateFile)!);
        await File.WriteAllBytesAsync(stateFile, saved);
        Start();

        Feed(Started());
        var result = Read((await Taken("start")).Location).IntermediateResults["a"];

        Assert.Equal(saved, Convert.FromBase64String(result.StateFile!));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(saved)), result.StateFileSha256);
    }

    [Fact]
    public async Task Request_ManyAtOnce_StoredOneAtATimeInOrderEachFromItsOwnBytes()
    {
        var store = new RecordingCheckpointStore();
        var checkpointer = Start(store: store);

        Feed(Started());
        foreach (var reason in new[] { "one", "two", "three" }) checkpointer.Request(reason);
        await checkpointer.DisposeAsync();

        Assert.Equal(1, store.MostAtOnce);
        Assert.Equal([(1L, "start"), (2L, "one"), (3L, "two"), (4L, "three")],
            store.Files.Select(f => CheckpointCodec.Decode(f).Document!).Select(d => (d.Sequence, d.Reason)));
    }

    [Fact]
    public async Task OnEvent_StoreRefusesTheWrite_ReportsAFailureAndNoCheckpoint()
    {
        var checkpointer = Start(store: new ThrowingCheckpointStore());

        Feed(Started());
        var failed = await _reports.WaitFor<CheckpointFailed>();

        Assert.Equal(("start", ThrowingCheckpointStore.Error), (failed.Reason, failed.Error));
        Assert.Empty(_reports.OfType<CheckpointTaken>());
        Assert.Null(checkpointer.Last);
    }

    public async ValueTask DisposeAsync()
    {
        if (_checkpointer is not null) await _checkpointer.DisposeAsync();
        _store.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
