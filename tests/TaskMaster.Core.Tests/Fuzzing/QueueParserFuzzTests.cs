using TaskMaster.Core.Graph;
using TaskMaster.Core.Queue;
using static TaskMaster.Core.Tests.Fuzzing.FuzzLoop;

namespace TaskMaster.Core.Tests.Fuzzing;

/// <summary>The queue parser over mutated queue files for a fixed budget (<see cref="FuzzLoop"/>): a queue or its errors, never a crash or a hang.</summary>
public sealed class QueueParserFuzzTests
{
    /// <summary>An error quotes what it is about, shortened: never the whole of a huge value.</summary>
    private const int MaxErrorLength = 4096;

    [Theory, MemberData(nameof(Seeds), MemberType = typeof(FuzzLoop))]
    public void Parse_MutatedQueueFiles_GiveAQueueOrLinedErrorsWithinTheBudget(int seed)
    {
        var corpus = QueueCorpus.Load();

        var report = Run("queue-parser", seed, corpus, Check);

        AssertSearched(report, corpus.Count, "valid and invalid queues");
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
