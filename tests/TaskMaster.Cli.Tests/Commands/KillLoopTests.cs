using System.Text.Json;
using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

/// <summary>
/// The durability promise, tested the hard way: a run is killed with SIGKILL at random moments and
/// resumed each time, and at the end nothing was lost and nothing finished ran again.
/// </summary>
public sealed class KillLoopTests
{
    private const int Tasks = 240;
    private const int Concurrency = 4;
    private const int Kills = 20;

    [Fact]
    public async Task ExecuteResumeOnFailure_KilledTwentyTimes_EveryTaskSucceedsOnceAndStateComesBack()
    {
        // Each task: counts the lines of its state file (what earlier attempts saved), saves a line,
        // records its start (with that count), works a little, records its end.
        var tasks = string.Join("\n\n", Enumerable.Range(0, Tasks).Select(i =>
            $"### t{i}: Task {i}\n" +
            (i >= 8 ? $"- depends: t{i - 8}\n" : "") +
            // The shell's own message about a missing state file goes to /dev/null too: once the executor is
            // killed, a write to the task's stderr ends the writer by SIGPIPE (as it should), and `seen` would be empty.
            "- run: `seen=$({ wc -l < \"$TASKMASTER_STATE_FILE\"; } 2>/dev/null || echo 0); echo x >> \"$TASKMASTER_STATE_FILE\"; " +
            "echo \"start $(date +%s%N) $seen\" >> marks/$TASKMASTER_TASK_ID; sleep 0.0$((RANDOM % 8 + 2)); " +
            "echo \"end $(date +%s%N)\" >> marks/$TASKMASTER_TASK_ID`"));
        using var workspace = new QueueWorkspace($"# Queue: kill-loop\n- concurrency: {Concurrency}\n\n{tasks}\n");
        Directory.CreateDirectory(workspace.PathOf("marks"));
        var random = new Random(20261124);

        for (var kill = 0; kill < Kills; kill++)
        {
            await using var cli = workspace.StartExecute("--resume-on-failure");
            // Kill after a random number of tasks succeeded in this session: mid-task, mid-write, anywhere.
            var succeeded = random.Next(1, 9);
            await cli.WaitForOutputCountAsync("succeeded  ", succeeded);
            cli.Signal(9);
            var killed = await cli.WaitForExitAsync();
            Assert.True(killed.ExitCode == 137, $"kill {kill}: {killed}");
        }
        var final = await workspace.ExecuteAsync("--resume-on-failure");

        Assert.True(final.ExitCode == 0, final.ToString());
        Assert.Contains("Resuming unfinished run", final.Stdout);
        var marks = Enumerable.Range(0, Tasks).ToDictionary(i => $"t{i}", i => File.ReadAllLines(workspace.PathOf($"marks/t{i}")));
        Assert.All(marks, m => Assert.Contains(m.Value, line => line.StartsWith("end ", StringComparison.Ordinal)));

        // No task recorded as succeeded ran again: every start is before the journal's TaskSucceeded.
        var succeededAt = JournalSucceededTimes(workspace);
        Assert.Equal(Tasks, succeededAt.Count);
        foreach (var (id, lines) in marks)
        {
            var lastStart = lines.Where(l => l.StartsWith("start ", StringComparison.Ordinal)).Max(l => long.Parse(l.Split(' ')[1]));
            Assert.True(lastStart / 1_000_000 <= succeededAt[id], $"{id} started again after it was recorded as succeeded");
        }

        // Only tasks in flight at a kill ran twice: at most `concurrency` per kill.
        var rerun = marks.Where(m => m.Value.Count(l => l.StartsWith("start ", StringComparison.Ordinal)) > 1).ToList();
        Assert.InRange(rerun.Sum(m => m.Value.Count(l => l.StartsWith("start ", StringComparison.Ordinal)) - 1), 0, Concurrency * Kills);
        Assert.NotEmpty(rerun);

        // A task that ran again saw the state its earlier attempt saved.
        foreach (var (id, lines) in rerun)
        {
            var seen = lines.Where(l => l.StartsWith("start ", StringComparison.Ordinal)).Select(l => int.Parse(l.Split(' ')[2])).ToList();
            Assert.True(seen.Skip(1).All(s => s >= 1), $"{id}: a re-run did not get its saved state back ({string.Join(",", seen)})");
        }
    }

    private static Dictionary<string, long> JournalSucceededTimes(QueueWorkspace workspace)
    {
        var journal = workspace.Journals().Single();
        var times = new Dictionary<string, long>();
        foreach (var line in File.ReadLines(journal))
        {
            using var json = JsonDocument.Parse(line[9..]);
            var root = json.RootElement;
            if (root.GetProperty("type").GetString() != "TaskSucceeded") continue;
            var id = root.GetProperty("taskId").GetString()!;
            times.TryAdd(id, root.GetProperty("at").GetDateTimeOffset().ToUnixTimeMilliseconds());
        }
        return times;
    }
}
