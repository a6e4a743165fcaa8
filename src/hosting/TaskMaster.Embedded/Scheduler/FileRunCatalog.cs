using System.Runtime.CompilerServices;
using System.Text.Json;
using TaskMaster.Checkpoint.Storage;
using TaskMaster.Core.Runs;

namespace TaskMaster.Embedded.Scheduler;

/// <summary>The runs of a local scheduler: one small JSON file per run, rewritten atomically when it ends (or is resumed).</summary>
internal sealed class FileRunCatalog(string directory) : IRunCatalog
{
    public async ValueTask AddAsync(RunEntry entry, CancellationToken cancellationToken = default)
    {
        if (File.Exists(PathOf(entry.RunId))) return;
        await WriteAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask MarkEndedAsync(string runId, DateTimeOffset endedAt, CancellationToken cancellationToken = default)
    {
        if (await ReadAsync(PathOf(runId), cancellationToken).ConfigureAwait(false) is { } entry)
            await WriteAsync(entry with { EndedAt = endedAt }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask MarkResumedAsync(string runId, CancellationToken cancellationToken = default)
    {
        if (await ReadAsync(PathOf(runId), cancellationToken).ConfigureAwait(false) is { EndedAt: not null } entry)
            await WriteAsync(entry with { EndedAt = null }, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<RunEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(directory)) yield break;
        var entries = new List<RunEntry>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.json"))
            if (await ReadAsync(path, cancellationToken).ConfigureAwait(false) is { } entry) entries.Add(entry);
        foreach (var entry in entries.OrderByDescending(e => e.StartedAt)) yield return entry;
    }

    private string PathOf(string runId) => Path.Combine(directory, runId + ".json");

    private async Task WriteAsync(RunEntry entry, CancellationToken cancellationToken)
    {
        Core.Storage.PrivateFiles.CreateDirectory(directory);
        await AtomicFile.WriteAsync(directory, entry.RunId + ".json", JsonSerializer.SerializeToUtf8Bytes(entry), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<RunEntry?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) return null;
        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<RunEntry>(file, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
