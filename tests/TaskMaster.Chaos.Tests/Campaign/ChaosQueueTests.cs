using TaskMaster.Core.Queue;

namespace TaskMaster.Chaos.Tests.Campaign;

public sealed class ChaosQueueTests
{
    [Fact]
    public void Generate_AnySeed_IsAValidQueueWithTheDependenciesItReports()
    {
        foreach (var seed in new[] { 1, 2, 3, 1000 })
        {
            var queue = ChaosQueue.Generate(seed, slots: 6, TimeSpan.FromMinutes(1));

            var parsed = QueueParser.Parse(queue.Text, "/chaos/task-queue.md");

            Assert.True(parsed.IsValid, string.Join(Environment.NewLine, parsed.Errors));
            Assert.InRange(parsed.Queue!.Tasks.Count, 50, 200);
            Assert.All(parsed.Queue.Tasks, t => Assert.Equal(queue.Dependencies[t.Id].Order(StringComparer.Ordinal), t.DependsOn.Order(StringComparer.Ordinal)));
            // Every task runs the same script: nothing of the task is in its command.
            Assert.All(parsed.Queue.Tasks, t => Assert.Equal("sh ./attempt.sh", t.Command.Text));
            Assert.All(parsed.Queue.Tasks, t => Assert.Equal(3, t.Retries));
            Assert.Contains(parsed.Queue.Tasks, t => t.Environment.Contains(new KeyValuePair<string, string>("CHAOS_FAILING_ATTEMPTS", "1")));
        }
    }

    [Fact]
    public void Generate_SameSeed_SameQueue()
    {
        Assert.Equal(ChaosQueue.Generate(5, 6, TimeSpan.FromSeconds(20)).Text, ChaosQueue.Generate(5, 6, TimeSpan.FromSeconds(20)).Text);
    }
}
