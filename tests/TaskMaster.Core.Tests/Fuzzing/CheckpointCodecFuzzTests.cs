using System.Text;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Tests.Checkpoints;
using static TaskMaster.Core.Tests.Fuzzing.FuzzLoop;

namespace TaskMaster.Core.Tests.Fuzzing;

/// <summary>
/// The checkpoint codec over mutated checkpoints of both formats for a fixed budget (<see cref="FuzzLoop"/>):
/// a verified document or a refusal saying why, never an exception. Each mutation is also decoded
/// sealed again with a checksum of its new bytes, so that the schema and the derivation behind the
/// checksum check are reached too, not only the check.
/// </summary>
public sealed class CheckpointCodecFuzzTests
{
    [Theory, MemberData(nameof(Seeds), MemberType = typeof(FuzzLoop))]
    public void Decode_MutatedCheckpointsRawAndResealed_GiveADocumentOrARefusalWithAReason(int seed)
    {
        var corpus = Corpus();

        var report = Run("checkpoint-codec", seed, corpus, Check);

        AssertSearched(report, corpus.Count, "valid and refused checkpoints");
    }

    private static Verdict Check(byte[] input)
    {
        Judge(CheckpointCodec.Decode(input));
        return CheckpointJsonEdits.Resealed(input) is { } sealedAgain ? Judge(CheckpointCodec.Decode(sealedAgain)) : Verdict.Refused;
    }

    private static Verdict Judge(CheckpointReadResult result)
    {
        if (result.IsValid)
        {
            Assert.Null(result.Refusal);
            Assert.False(string.IsNullOrEmpty(result.Document.RunId));
            // What a resume turns the numbers into must exist: an accepted checkpoint never throws later.
            var counters = result.Document.ExecutionState.Counters;
            _ = (TimeSpan.FromMilliseconds(counters.SucceededDurationMs), TimeSpan.FromMilliseconds(counters.AttemptDurationMs));
            foreach (var task in result.Document.ExecutionState.Tasks)
            {
                _ = (Core.State.RunState.ParseTaskStatus(task.Status), task.DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : TimeSpan.Zero);
            }
            return Verdict.Accepted;
        }
        Assert.False(string.IsNullOrWhiteSpace(result.Refusal.Reason));
        return Verdict.Refused;
    }

    /// <summary>Checkpoints as the codec writes them (compressed, and their JSON), and a format 1 file from before format 2.</summary>
    private static List<byte[]> Corpus()
    {
        var written = new[] { CheckpointSamples.Running(), CheckpointSamples.EveryField() }.Select(CheckpointCodec.Encode).ToList();
        var json = written.Select(CheckpointJsonEdits.JsonOf);
        var format1 = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Checkpoints", "Format1", "running.json"));
        return [.. json, format1, .. written, Encoding.UTF8.GetBytes("{}")];
    }
}
