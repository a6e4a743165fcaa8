using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Core.Tests.Checkpoints;

public sealed class CheckpointValidationTests
{
    private const string OtherHash = "0000aaaabbbbccccddddeeeeffff000011112222333344445555666677778888";

    [Fact]
    public void Check_SameQueueAndRun_Accepted()
    {
        var document = CheckpointSamples.Running();

        var refusal = CheckpointValidation.Check(document, new CheckpointExpectations(CheckpointSamples.QueueHash, RunId: document.RunId));

        Assert.Null(refusal);
    }

    [Fact]
    public void Check_QueueFileChanged_RefusedNamingBothHashes()
    {
        var refusal = CheckpointValidation.Check(CheckpointSamples.Running(), new CheckpointExpectations(OtherHash, "/work/other/task-queue.md"));

        Assert.Equal(CheckpointRefusalKind.QueueMismatch, refusal?.Kind);
        Assert.StartsWith(
            "checkpoint belongs to queue 'demo' (/work/demo/task-queue.md, hash 3f2a9c1b7d4e), not /work/other/task-queue.md (hash 0000aaaabbbb)",
            refusal!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OtherRun_RefusedNamingBothRuns()
    {
        var refusal = CheckpointValidation.Check(CheckpointSamples.Running(runId: "run-a"), new CheckpointExpectations(RunId: "run-b"));

        Assert.Equal(CheckpointRefusalKind.RunMismatch, refusal?.Kind);
        Assert.Equal("checkpoint belongs to run run-a, not run-b", refusal!.Reason);
    }

    [Fact]
    public void Decode_ValidFileOfAnotherQueue_Refused()
    {
        var bytes = CheckpointCodec.Encode(CheckpointSamples.Running());

        var result = CheckpointValidation.Decode(bytes, new CheckpointExpectations(OtherHash));

        Assert.Equal(CheckpointRefusalKind.QueueMismatch, result.Refusal?.Kind);
    }
}
