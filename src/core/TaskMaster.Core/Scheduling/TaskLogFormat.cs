using System.Globalization;
using System.Text.RegularExpressions;

namespace TaskMaster.Core.Scheduling;

/// <summary>
/// The lines that frame each attempt in a task's log (<c>HomeLayout.TaskLogPath</c> in the local home): written
/// by the worker around the attempt's output, read back by whatever pages through the log.
/// </summary>
public static partial class TaskLogFormat
{
    /// <summary>What marks a stderr line in the log.</summary>
    public const string StderrPrefix = "[stderr] ";

    public static string Header(int attempt, DateTimeOffset at) => $"=== attempt {attempt} started {Timestamp(at)} ===";

    public static string Footer(int attempt, DateTimeOffset at, string outcome) => $"=== attempt {attempt} ended {Timestamp(at)}: {outcome} ===";

    /// <summary>Reads a header or footer line (without its newline); false for any other line.</summary>
    public static bool TryParse(ReadOnlySpan<char> line, out int attempt, out bool isFooter)
    {
        attempt = 0;
        isFooter = false;
        if (!line.StartsWith("=== attempt ", StringComparison.Ordinal) || !line.EndsWith(" ===", StringComparison.Ordinal)) return false;
        var match = Marker().Match(line.ToString());
        if (!match.Success || !int.TryParse(match.Groups["attempt"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out attempt)) return false;
        isFooter = match.Groups["kind"].ValueSpan.SequenceEqual("ended");
        return true;
    }

    private static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^=== attempt (?<attempt>\d{1,9}) (?<kind>started|ended) \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z(: .*)? ===$", RegexOptions.CultureInvariant)]
    private static partial Regex Marker();
}
