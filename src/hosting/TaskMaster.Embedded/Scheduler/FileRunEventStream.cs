using System.Runtime.CompilerServices;
using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Events;
using TaskMaster.Core.Runs;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Embedded.Scheduler;

/// <summary>
/// A run's events read back from its journal file, with the verdict every journal reader gives
/// (a torn tail is cut; damage is refused). Followed by reading what was appended, a few times a second.
/// </summary>
/// <param name="journalOf">The journal files of a run.</param>
public sealed class FileRunEventStream(Func<string, JournalFiles> journalOf, TimeProvider time) : IRunEventStream
{
    /// <summary>The embedded executor's runs: their journals in its home (<see cref="JournalFiles.Of(HomeLayout, string)"/>).</summary>
    public static FileRunEventStream OfHome(HomeLayout home) => new(runId => JournalFiles.Of(home, runId), TimeProvider.System);

    private static readonly TimeSpan FollowInterval = TimeSpan.FromMilliseconds(100);

    public async IAsyncEnumerable<RunEvent> ReadAsync(string runId, long afterSequence, bool follow,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var files = journalOf(runId);
        if (!follow)
        {
            if (!File.Exists(files.Path)) yield break;
            var read = JournalReader.Read(files, afterSequence);
            if (read.Damage is { } damage) throw new InvalidDataException(damage.Describe());
            foreach (var e in read.Events) yield return e;
            yield break;
        }
        var follower = new JournalFollower(files);
        while (!cancellationToken.IsCancellationRequested)
        {
            var (events, _) = follower.ReadMore();
            if (follower.Damage is { } damage) throw new InvalidDataException(damage.Describe());
            foreach (var e in events)
                if (e.Sequence > afterSequence) yield return e;
            await Task.Delay(FollowInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
