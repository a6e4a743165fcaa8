using System.Globalization;
using System.Text;

namespace TaskMaster.Chaos.Tests.Campaign;

/// <summary>
/// A campaign's queue, generated from a seed: short tasks, each depending on up to two earlier ones,
/// about one in six failing transiently (exit 75) on its first attempt or two and retried. Every task
/// runs attempt.sh, which writes its attempts down for the checker.
/// </summary>
public sealed record ChaosQueue(string Text, IReadOnlyDictionary<string, IReadOnlyList<string>> Dependencies)
{
    public const string AttemptLogName = "attempts.log";

    /// <param name="work">About how long the tasks' work takes in all, spread over the workers' slots.</param>
    public static ChaosQueue Generate(int seed, int slots, TimeSpan work, int minTasks = 50, int maxTasks = 200)
    {
        var random = new Random(seed);
        var count = random.Next(minTasks, maxTasks + 1);
        // The mean task length that fills the slots for about `work`, at least 50 ms.
        var mean = Math.Max(0.05, work.TotalSeconds * slots * 0.6 / count);
        var dependencies = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var text = new StringBuilder()
            .Append("# Queue: chaos-").AppendLine(seed.ToString(CultureInfo.InvariantCulture))
            .AppendLine()
            .AppendLine("- retries: 3")
            .AppendLine("- retry-backoff: 200ms")
            .AppendLine();
        for (var i = 1; i <= count; i++)
        {
            var id = $"t{i:000}";
            var depends = Enumerable.Range(0, random.Next(3)).Where(_ => i > 1)
                .Select(_ => $"t{random.Next(Math.Max(1, i - 20), i):000}").Distinct().ToList();
            dependencies[id] = depends;
            var seconds = (mean * (0.5 + random.NextDouble())).ToString("0.000", CultureInfo.InvariantCulture);
            var failing = random.Next(6) == 0 ? random.Next(1, 3) : 0;
            text.Append("### ").Append(id).Append(": Task ").AppendLine(i.ToString(CultureInfo.InvariantCulture));
            if (depends.Count > 0) text.Append("- depends: ").AppendLine(string.Join(", ", depends));
            text.Append("- env: CHAOS_SECONDS=").Append(seconds).Append(", CHAOS_FAILING_ATTEMPTS=").AppendLine(failing.ToString(CultureInfo.InvariantCulture));
            text.AppendLine("- run: `sh ./attempt.sh`").AppendLine();
        }
        return new ChaosQueue(text.ToString(), dependencies);
    }

    /// <summary>Writes the queue and attempt.sh into <paramref name="folder"/>; returns the queue file's path.</summary>
    public string WriteTo(string folder)
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Campaign", "attempt.sh"), Path.Combine(folder, "attempt.sh"));
        var path = Path.Combine(folder, "task-queue.md");
        File.WriteAllText(path, Text);
        return path;
    }
}
