using TaskMaster.Checkpoint.Journal;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Events;
using TaskMaster.LocalHome;
using TaskMaster.SchedulerService.Tests.Support;
using TaskStarted = TaskMaster.Core.Events.TaskStarted;

namespace TaskMaster.IntegrationTests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ClusterOutcomeTests(ClusterStack stack)
{
    // A dependency chain, a task that fails once with a transient exit then succeeds, and one that fails for good with its dependent blocked.
    private const string Queue = """
        # Queue: cluster-outcomes

        - concurrency: 2
        - retry-backoff: 0s

        ### prepare: Prepare
        - run: `echo prepared > prepared.txt`

        ### flaky: Fails once, then succeeds
        - depends: prepare
        - retries: 2
        - run: `if [ -f flaky.once ]; then exit 0; fi; touch flaky.once; exit 75`

        ### report: Report
        - depends: flaky
        - run: `test -f prepared.txt`

        ### broken: Fails for good
        - depends: prepare
        - run: `exit 3`

        ### after-broken: Never runs
        - depends: broken
        - run: `true`
        """;

    [Fact]
    public async Task SubmitRun_QueueWithARetryAndDependencies_EndsWithTheOutcomesOfTheSameQueueRunEmbedded()
    {
        var (text, path) = stack.Queue("outcomes", Queue);
        var client = stack.Client();
        var runId = (await client.SubmitRunAsync(new SubmitRunRequest { QueueText = text, QueuePath = path }, SchedulerClients.Within())).RunId;
        var cluster = await RunWaits.WatchToEndAsync(client, runId, seconds: 120);

        var (_, embeddedPath) = stack.Queue("outcomes-embedded", Queue);
        var home = new HomeLayout(Path.Combine(Path.GetDirectoryName(embeddedPath)!, ".taskmaster"));
        var cli = await TaskMasterCli.RunAsync(Path.GetDirectoryName(embeddedPath)!, "execute", "--queue", embeddedPath, "--home", home.Home, "--plain");
        var embeddedRun = Path.GetFileName(Directory.GetDirectories(home.RunsDirectory).Single());
        var embedded = JournalReader.Read(home.JournalPath(embeddedRun)).Events;

        Assert.True(cli.ExitCode == 1, cli.ToString());
        string[] expected =
        [
            "after-broken: blocked after 0 attempt(s)",
            "broken: failed after 1 attempt(s)",
            "flaky: succeeded after 2 attempt(s)",
            "prepare: succeeded after 1 attempt(s)",
            "report: succeeded after 1 attempt(s)",
        ];
        Assert.Equal(expected, Outcomes(embedded));
        Assert.Equal(Outcomes(embedded), Outcomes(cluster));
        Assert.False(Assert.IsType<RunCompleted>(cluster[^1]).Succeeded);
    }

    /// <summary>Each task's end and how many attempts it took, as the events say, in task order.</summary>
    private static List<string> Outcomes(IEnumerable<RunEvent> events)
    {
        var attempts = new Dictionary<string, int>(StringComparer.Ordinal);
        var ends = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            switch (e)
            {
                case TaskStarted started: attempts[started.TaskId] = started.Attempt; break;
                case TaskSucceeded succeeded: ends[succeeded.TaskId] = "succeeded"; break;
                case TaskFailed { WillRetry: false } failed: ends[failed.TaskId] = "failed"; break;
                case TasksBlocked blocked:
                    foreach (var id in blocked.TaskIds) ends[id] = "blocked";
                    break;
            }
        }
        return [.. ends.Select(end => $"{end.Key}: {end.Value} after {attempts.GetValueOrDefault(end.Key)} attempt(s)").Order(StringComparer.Ordinal)];
    }
}
