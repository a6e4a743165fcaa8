using TaskMaster.Core.Graph;
using TaskMaster.Core.Queue;
using static TaskMaster.Core.Tests.Fuzzing.FuzzLoop;

namespace TaskMaster.Core.Tests.Fuzzing;

/// <summary>The queue parser over mutated queue files for a fixed budget (<see cref="FuzzLoop"/>): a queue or its errors, never a crash or a hang.</summary>
public sealed class QueueParserFuzzTests
{
    /// <summary>An error quotes what it is about, shortened: never the whole of a huge value.</summary>
    private const int MaxErrorLength = 4096;

    [Fact]
    public void Parse_MutatedQueueFiles_GiveAQueueOrLinedErrorsWithinTheBudget()
    {
        var corpus = QueueCorpus.Load();

        var report = Run("queue-parser", corpus, Check);

        Assert.True(report.Inputs > corpus.Count, $"only the corpus was tried: {report}");
        Assert.True(report.Accepted > 0 && report.Refused > 0, $"the mutations should give both valid and invalid queues: {report}");
    }

    private static Verdict Check(byte[] input)
    {
        var result = QueueParser.Parse(input, "/fuzz/task-queue.md", "task-queue.md");
        if (result.Queue is { } queue)
        {
            Assert.Empty(result.Errors);
            // What the parser accepts, the engine takes: the graph builds and every dependency names a task.
            Assert.Equal(queue.Tasks.Count, TaskGraph.Build(queue).Count);
            return Verdict.Accepted;
        }
        Assert.NotEmpty(result.Errors);
        foreach (var error in result.Errors)
        {
            Assert.True(error.Line >= 0, $"line {error.Line}: {error.Message}");
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
            if (error.Message.Length > MaxErrorLength) Assert.Fail($"an error of {error.Message.Length:N0} characters: {error.Message[..200]}…");
        }
        return Verdict.Refused;
    }
}
