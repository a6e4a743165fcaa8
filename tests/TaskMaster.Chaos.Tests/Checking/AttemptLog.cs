using System.Globalization;

namespace TaskMaster.Chaos.Tests.Checking;

/// <summary>
/// The file every attempt of a campaign's queue appends to (Campaign/attempt.sh writes it): one line when
/// it starts, one when it ends, each one short write with O_APPEND, so lines of attempts on several
/// workers never mix:
/// <c>start TASK ATTEMPT ATTEMPT_ID UNIX_MS WORKER_HOME</c> and <c>end TASK ATTEMPT ATTEMPT_ID UNIX_MS EXIT</c>.
/// </summary>
public static class AttemptLog
{
    /// <summary>The attempts in <paramref name="lines"/>, by their start; a line cut short (its writer killed) at the very end is left out.</summary>
    /// <exception cref="FormatException">A line that is not a record, naming its number.</exception>
    public static IReadOnlyList<AttemptRecord> Parse(IReadOnlyList<string> lines)
    {
        var starts = new Dictionary<string, AttemptRecord>(StringComparer.Ordinal);
        var ends = new Dictionary<string, (DateTimeOffset At, int Exit)>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Length == 0) continue;
            var fields = lines[i].Split(' ', 6);
            if (fields.Length < 6 || !int.TryParse(fields[2], CultureInfo.InvariantCulture, out var attempt)
                || !long.TryParse(fields[4], CultureInfo.InvariantCulture, out var ms))
            {
                if (i == lines.Count - 1) break;
                throw new FormatException($"attempt log line {i + 1}: '{lines[i]}' is not `start|end TASK ATTEMPT ID UNIX_MS WORKER|EXIT`");
            }
            var at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            switch (fields[0])
            {
                case "start":
                    starts[fields[3]] = new AttemptRecord(fields[1], attempt, fields[3], at, null, null, fields[5]);
                    break;
                case "end" when int.TryParse(fields[5], CultureInfo.InvariantCulture, out var exit):
                    ends[fields[3]] = (at, exit);
                    break;
                default:
                    throw new FormatException($"attempt log line {i + 1}: '{lines[i]}' starts with neither `start` nor `end` (or its exit code is not a number)");
            }
        }
        return [.. starts.Values
            .Select(start => ends.TryGetValue(start.AttemptId, out var end) ? start with { EndedAt = end.At, ExitCode = end.Exit } : start)
            .OrderBy(record => record.StartedAt)];
    }
}
