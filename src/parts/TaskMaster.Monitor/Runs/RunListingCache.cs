using System.Text.Json;
using TaskMaster.Checkpoint.Storage;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.Api;

namespace TaskMaster.Monitor.Runs;

/// <summary>
/// A run's listing kept beside its journal (<see cref="HomeLayout.RunListingFile"/>), good while the
/// journal has the length and modification time it had when the listing was computed: a run no
/// executor runs changes only when one resumes or retries it, which appends to its journal.
/// </summary>
internal static class RunListingCache
{
    /// <summary>What identifies the journal a listing was computed from.</summary>
    public readonly record struct JournalKey(long Length, long WrittenTicks);

    public static JournalKey KeyOf(HomeLayout home, string runId)
    {
        var journal = new FileInfo(home.JournalPath(runId));
        return new JournalKey(journal.Length, journal.LastWriteTimeUtc.Ticks);
    }

    /// <summary>The listing kept for this very journal, or null (none, another journal, unreadable).</summary>
    public static RunListing? TryRead(HomeLayout home, string runId, JournalKey journal)
    {
        try
        {
            var entry = JsonSerializer.Deserialize<Entry>(File.ReadAllBytes(home.RunListingFile(runId)), MonitorJson.Options);
            return entry is { Run: { } run } && entry.Journal == journal && run.RunId == runId ? run : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Keeps the listing; a home that cannot be written to is listed again next time, nothing worse.</summary>
    public static async Task WriteAsync(HomeLayout home, string runId, JournalKey journal, RunListing run, CancellationToken cancellationToken)
    {
        var path = home.RunListingFile(runId);
        try
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(new Entry(journal, run with { Live = false }), MonitorJson.Options);
            await AtomicFile.WriteAsync(Path.GetDirectoryName(path)!, Path.GetFileName(path), bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private sealed record Entry(JournalKey Journal, RunListing Run);
}
