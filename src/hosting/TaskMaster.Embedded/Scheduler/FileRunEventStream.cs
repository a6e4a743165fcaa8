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
internal sealed class FileRunEventStream(HomeLayout home, TimeProvider time) : IRunEventStream
{
    private static readonly TimeSpan FollowInterval = TimeSpan.FromMilliseconds(100);

    public async IAsyncEnumerable<RunEvent> ReadAsync(string runId, long afterSequence, bool follow,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var files = JournalFiles.Single(home.JournalPath(runId));
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
