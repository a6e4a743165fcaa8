using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Events;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Monitor.Runs;

/// <summary>
/// The runs of a home (a folder under <c>runs/</c> with a journal), newest first. The run an
/// executor is running comes from that executor's status; every other run from its own checkpoints
/// and journal (<see cref="LastKnownStatus"/>), computed once and then kept beside its journal until
/// the journal changes (<see cref="RunListingCache"/>), so that listing a home with hundreds of
/// finished runs reads none of their journals again.
/// </summary>
public static class RunCatalog
{
    /// <param name="live">The status of the run an executor is running on the home, if one is.</param>
    public static async Task<RunList> ListAsync(HomeLayout home, RunStatusReport? live, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(time);
        var runs = new List<RunListing>();
        foreach (var runId in KnownRuns(home))
        {
            var owned = live is not null && live.RunId == runId;
            // Once its run has ended the executor writes nothing more: the files hold the final word.
            if (owned && live!.State is RunPhase.Running or RunPhase.Paused)
                runs.Add(RunListing.From(live, endedAt: null, time.GetUtcNow()));
            else
                runs.Add(await FromFilesAsync(home, runId, time, cancellationToken).ConfigureAwait(false) with { Live = owned });
        }
        return new RunList(runs
            .OrderByDescending(r => r.StartedAt ?? DateTimeOffset.MinValue)
            .ThenByDescending(r => r.RunId, StringComparer.Ordinal)
            .ToList());
    }

    /// <summary>The home's runs that have a journal, oldest first (run ids sort by their start time).</summary>
    public static IReadOnlyList<string> KnownRuns(HomeLayout home)
    {
        ArgumentNullException.ThrowIfNull(home);
        return !Directory.Exists(home.RunsDirectory) ? []
            : Directory.EnumerateDirectories(home.RunsDirectory)
                .Where(d => File.Exists(Path.Combine(d, "journal.jsonl")))
                .Select(d => Path.GetFileName(d)!)
                .Order(StringComparer.Ordinal)
                .ToList();
    }

    private static async Task<RunListing> FromFilesAsync(HomeLayout home, string runId, TimeProvider time, CancellationToken cancellationToken)
    {
        // Taken before reading: a journal that grows meanwhile makes the entry stale, never wrong.
        var journal = RunListingCache.KeyOf(home, runId);
        if (RunListingCache.TryRead(home, runId, journal) is { } cached) return cached;
        var (run, problem) = await LastKnownStatus.LoadRunAsync(home, runId, detailed: false, time, cancellationToken).ConfigureAwait(false);
        if (run is null) return Unreadable(home, runId, problem!);
        var listing = RunListing.From(run.Report, run.State.EndedAt, time.GetUtcNow());
        await RunListingCache.WriteAsync(home, runId, journal, listing, cancellationToken).ConfigureAwait(false);
        return listing;
    }

    /// <summary>What the journal's first event says of a run whose state cannot be computed, and why it cannot.</summary>
    private static RunListing Unreadable(HomeLayout home, string runId, string problem)
    {
        var events = JournalReader.Read(home.JournalPath(runId), throughSequence: 1).Events;
        var first = events.Count > 0 ? events[0] as RunStarted : null;
        return new RunListing(runId, first is null ? null : new QueueRef(first.QueueName, first.QueuePath), State: null, StateReason: null,
            Live: false, first?.At, EndedAt: null, DurationSeconds: null, Counts: null, problem);
    }
}
