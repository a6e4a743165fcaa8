namespace TaskMaster.Worker;

/// <summary>The last few lines of a stream, kept for the attempt's result. Thread-safe.</summary>
internal sealed class LineTail(int capacity)
{
    // A tail goes into results, events and dashboards: a multi-megabyte line must not.
    internal const int MaxLineLength = 4096;

    private readonly Queue<string> _lines = new(capacity);
    private readonly Lock _gate = new();

    public void Add(string line)
    {
        if (capacity <= 0) return;
        if (line.Length > MaxLineLength) line = string.Concat(line.AsSpan(0, MaxLineLength), "…");
        lock (_gate)
        {
            if (_lines.Count == capacity) _lines.Dequeue();
            _lines.Enqueue(line);
        }
    }

    public IReadOnlyList<string> Snapshot()
    {
        lock (_gate) return [.. _lines];
    }
}
