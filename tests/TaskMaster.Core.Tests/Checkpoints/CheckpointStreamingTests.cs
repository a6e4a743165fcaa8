using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Tests.Scheduling;

namespace TaskMaster.Core.Tests.Checkpoints;

/// <summary>The checkpointer's path: a checkpoint streamed from the live state, with no record per task.</summary>
public sealed class CheckpointStreamingTests
{
    [Fact]
    public async Task Encode_RunState_SameBytesAsTheDocumentBuiltFromIt()
    {
        var state = (await MidRun.RecordAsync()).Fold();
        var context = CheckpointContexts.Plain(3, MidRun.Start);
        using var file = new MemoryStream();

        var streamed = CheckpointCodec.Encode(state, context, file);

        Assert.Equal(CheckpointCodec.Encode(CheckpointBuilder.Build(state, context)), streamed.Bytes.ToArray());
    }

    [Fact]
    public async Task Encode_RunState_SaysWhatItsNameAndPointerNeed()
    {
        var state = (await MidRun.RecordAsync()).Fold();
        using var file = new MemoryStream();

        var encoded = CheckpointCodec.Encode(state, CheckpointContexts.Plain(3, MidRun.Start, reason: "manual"), file);

        var document = CheckpointCodec.Decode(encoded.Bytes.Span).Document!;
        Assert.Equal((document.RunId, document.Sequence, document.Reason, document.Timestamp, document.Journal.Position, document.Checksum),
            (encoded.RunId, encoded.Sequence, encoded.Reason, encoded.Timestamp, encoded.JournalPosition, encoded.Checksum));
        Assert.Equal(CheckpointJsonEdits.JsonOf(encoded.Bytes.ToArray()).Length, encoded.JsonBytes);
    }

    [Fact]
    public async Task Encode_AgainIntoTheSameStream_ReplacesWhatWasThereInTheSameBuffer()
    {
        var state = (await MidRun.RecordAsync()).Fold();
        using var file = new MemoryStream();
        var first = CheckpointCodec.Encode(state, CheckpointContexts.Plain(3, MidRun.Start), file);
        var capacity = file.Capacity;

        var second = CheckpointCodec.Encode(state, CheckpointContexts.Plain(4, MidRun.Start), file);

        Assert.Equal(capacity, file.Capacity);
        Assert.Equal(4, CheckpointCodec.Decode(second.Bytes.Span).Document?.Sequence);
        Assert.Equal(second.Bytes.Length, file.Length);
        Assert.NotEqual(first.Checksum, second.Checksum);
    }
}
