using System.Globalization;
using System.Text;

namespace TaskMaster.Benchmarks.Durability;

/// <summary>
/// Writes the queue every durability benchmark runs: <c>count</c> tasks whose command is <c>true</c>,
/// every odd task depending on the one before it (so half the tasks wait for a dependency). The
/// in-process runs parse this same file, so they run exactly the queue the CLI runs.
/// </summary>
internal static class BenchQueueFile
{
    public static void Write(string path, int count)
    {
        var text = new StringBuilder(count * 60);
        text.Append(CultureInfo.InvariantCulture, $"# Queue: durability-{count}\n\n");
        text.Append("No-op tasks for the checkpoint, journal and resume benchmarks.\n\n");
        for (var i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"### t{i}: task {i}\n- run: `true`\n");
            if (i % 2 == 1) text.Append(CultureInfo.InvariantCulture, $"- depends: t{i - 1}\n");
            text.Append('\n');
        }
        File.WriteAllText(path, text.ToString());
    }
}
