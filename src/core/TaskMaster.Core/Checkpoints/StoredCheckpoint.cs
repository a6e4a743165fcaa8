using System.Globalization;
using System.Text.RegularExpressions;
using TaskMaster.Core.Runs;

namespace TaskMaster.Core.Checkpoints;

/// <summary>
/// A stored checkpoint, named so that every store agrees on it: its run, its sequence and its
/// checksum, and where it is. In the cluster's stores its <see cref="Location"/> is a URI ending in
/// <c>runs/&lt;run-id&gt;/checkpoints/&lt;sequence:D10&gt;-&lt;sha256 hex&gt;.ckpt.gz</c>
/// (<c>s3://bucket/…</c> in object storage, <c>redis://taskmaster/…</c> in the cache), so a location
/// read from the journal finds the same checkpoint in either store; in the local file store it is the
/// file's path (which <see cref="TryParse"/> does not read: <see cref="Name"/> and <see cref="RelativePath"/>
/// are the cluster's names).
/// </summary>
/// <param name="RunId">The run it belongs to.</param>
/// <param name="Sequence">The checkpoint's sequence in its run.</param>
/// <param name="Checksum">The document's checksum (<c>sha256:…</c>), which a reader checks the bytes against.</param>
/// <param name="Location">Where it is.</param>
public sealed partial record StoredCheckpoint(string RunId, long Sequence, string Checksum, string Location)
{
    /// <summary>The ending of every stored checkpoint's name.</summary>
    public const string Extension = ".ckpt.gz";

    /// <summary>The object name (the part after <c>checkpoints/</c>): sorts by sequence.</summary>
    public string Name => NameFor(Sequence, Checksum);

    /// <summary>The path below a store's root: <c>runs/&lt;run&gt;/checkpoints/&lt;name&gt;</c>.</summary>
    public string RelativePath => PathFor(RunId, Sequence, Checksum);

    public static string NameFor(long sequence, string checksum) =>
        string.Create(CultureInfo.InvariantCulture, $"{sequence:D10}-{Hex(checksum)}{Extension}");

    public static string PathFor(string runId, long sequence, string checksum) =>
        $"{RunPrefix(RunIds.Checked(runId))}{NameFor(sequence, checksum)}";

    /// <summary>Where a run's checkpoints are, below a store's root.</summary>
    public static string RunPrefix(string runId) => $"runs/{RunIds.Checked(runId)}/checkpoints/";

    /// <summary>Reads a location (or a relative path) back; false for anything not named as above.</summary>
    public static bool TryParse(string location, out StoredCheckpoint checkpoint)
    {
        checkpoint = null!;
        var match = Pattern().Match(location ?? "");
        if (!match.Success || !RunIds.IsValid(match.Groups["run"].Value)
            || !long.TryParse(match.Groups["seq"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            return false;
        checkpoint = new StoredCheckpoint(match.Groups["run"].Value, sequence, CheckpointChecksum.Prefix + match.Groups["sum"].Value, location!);
        return true;
    }

    private static string Hex(string checksum) =>
        checksum.StartsWith(CheckpointChecksum.Prefix, StringComparison.Ordinal) && checksum.Length == CheckpointChecksum.Prefix.Length + 64
            ? checksum[CheckpointChecksum.Prefix.Length..]
            : throw new ArgumentException($"not a checkpoint checksum: '{checksum}'", nameof(checksum));

    [GeneratedRegex(@"(^|/)runs/(?<run>[A-Za-z0-9._-]+)/checkpoints/(?<seq>\d{10,})-(?<sum>[0-9a-f]{64})\.ckpt\.gz$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
