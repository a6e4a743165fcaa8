using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Checkpoint;

/// <summary>
/// Names of checkpoint files: <c>&lt;timestamp&gt;-&lt;run-id&gt;-&lt;sequence:D6&gt;-&lt;reason&gt;.json.gz</c>, e.g.
/// <c>20261124T103000123Z-run-20261124-103000-ab12-000003-interval.json.gz</c> (format 1 files, written
/// before, end in <c>.json</c>). The timestamp comes first so that names sort by time across runs (a
/// resumed old run writes after a newer one).
/// </summary>
internal static partial class CheckpointFileName
{
    /// <summary>Names the newest checkpoint written to a folder (PRD-6: <c>checkpoints/latest.json</c>); see <see cref="LatestPointer"/>.</summary>
    public const string Latest = "latest.json";

    /// <summary>The ending of the files this program writes (format 2: compressed JSON).</summary>
    public const string Extension = ".json.gz";

    private const string TimestampFormat = "yyyyMMdd'T'HHmmssfff'Z'";

    public static string For(EncodedCheckpoint checkpoint) => For(checkpoint.Timestamp, checkpoint.RunId, checkpoint.Sequence, checkpoint.Reason);

    public static string For(DateTimeOffset timestamp, string runId, long sequence, string reason) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{timestamp.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture)}-{SafeRunId(runId)}-{sequence:D6}-{SafeReason(reason)}{Extension}");

    /// <summary>Reads a file name back; false for anything else in the folder (latest.json, temporary files, strangers).</summary>
    public static bool TryParse(string fileName, out (DateTimeOffset Timestamp, string RunId, long Sequence, string Reason) parts)
    {
        parts = default;
        var match = Pattern().Match(fileName);
        if (!match.Success
            || !DateTime.TryParseExact(match.Groups["at"].Value, TimestampFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            || !long.TryParse(match.Groups["seq"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        parts = (new DateTimeOffset(at, TimeSpan.Zero), match.Groups["run"].Value, sequence, match.Groups["reason"].Value);
        return true;
    }

    // Only letters and dashes in a reason keep the name unambiguous: the sequence is the last run of digits.
    private static string SafeReason(string reason) => Safe(reason.ToLowerInvariant(), c => c is (>= 'a' and <= 'z') or '-', "checkpoint");

    /// <summary>The run id as file names carry it: a run id becomes part of a path, so nothing that could be a separator or hide the name.</summary>
    public static string SafeRunId(string runId) => Safe(runId, c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.', "run");

    private static string Safe(string text, Func<char, bool> allowed, string fallback)
    {
        var safe = new StringBuilder(text.Length);
        foreach (var c in text) safe.Append(allowed(c) ? c : '-');
        var result = safe.ToString().Trim('-', '.');
        return result.Length == 0 ? fallback : result;
    }

    [GeneratedRegex(@"^(?<at>\d{8}T\d{9}Z)-(?<run>.+)-(?<seq>\d{6,})-(?<reason>[a-z-]+)\.json(\.gz)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
