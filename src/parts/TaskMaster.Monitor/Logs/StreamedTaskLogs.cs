using System.Collections.Concurrent;
using System.Text;

namespace TaskMaster.Monitor.Logs;

/// <summary>
/// The task logs the workers streamed, kept in memory per attempt: the broker's consumer of the
/// workers' log-line batches calls <see cref="Append"/>. A batch arriving twice is taken once; a batch
/// that never arrived shows as a marker line where it was missed. Each attempt keeps its newest
/// <see cref="MaxBytesPerAttempt"/> bytes (offsets stay those of the whole log: older ones are just gone).
/// </summary>
public sealed class StreamedTaskLogs : ITaskLogSource
{
    public const int MaxBytesPerAttempt = 1 << 20;

    private readonly ConcurrentDictionary<(string Run, string Task, int Attempt), AttemptText> _attempts = new();

    /// <summary>Takes batch <paramref name="batch"/> (0, 1, 2, … per attempt) of an attempt's lines.</summary>
    public void Append(string runId, string taskId, int attempt, long batch, IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        _attempts.GetOrAdd((runId, taskId, attempt), _ => new AttemptText()).Append(batch, lines);
    }

    /// <summary>Drops every log of a run (it ended and its logs have been read, or it is no longer followed).</summary>
    public void Forget(string runId)
    {
        foreach (var key in _attempts.Keys.Where(k => k.Run == runId)) _attempts.TryRemove(key, out _);
    }

    public TaskLogPage? Read(string runId, string taskId, int attempt, long offset, int limit, bool ended) =>
        _attempts.TryGetValue((runId, taskId, attempt), out var text) ? text.Read(taskId, attempt, offset, limit, ended) : null;

    private sealed class AttemptText
    {
        private readonly Lock _gate = new();
        private readonly List<byte> _bytes = [];
        private long _dropped;
        private long _nextBatch;

        public void Append(long batch, IEnumerable<string> lines)
        {
            lock (_gate)
            {
                if (batch < _nextBatch) return;
                var text = new StringBuilder();
                if (batch > _nextBatch) text.Append("[… ").Append(batch - _nextBatch).Append(" batch(es) of lines lost on the way …]\n");
                foreach (var line in lines) text.Append(line).Append('\n');
                _bytes.AddRange(Encoding.UTF8.GetBytes(text.ToString()));
                _nextBatch = batch + 1;
                if (_bytes.Count > MaxBytesPerAttempt)
                {
                    var cut = _bytes.Count - MaxBytesPerAttempt;
                    _bytes.RemoveRange(0, cut);
                    _dropped += cut;
                }
            }
        }

        public TaskLogPage Read(string taskId, int attempt, long offset, int limit, bool ended)
        {
            lock (_gate)
            {
                var size = _dropped + _bytes.Count;
                var start = Math.Clamp(offset, _dropped, size);
                var count = (int)Math.Min(limit, size - start);
                var bytes = _bytes.GetRange((int)(start - _dropped), count).ToArray().AsSpan();
                // Whole lines when the page holds one; else whole characters (a line longer than a page).
                var taken = start + count == size ? count : bytes.LastIndexOf((byte)'\n') + 1;
                if (taken == 0) taken = Utf8.WholeCharacters(bytes);
                var text = Encoding.UTF8.GetString(bytes[..taken]);
                return new TaskLogPage(taskId, attempt, start, start + taken, size, ended && start + taken == size, text);
            }
        }
    }
}
