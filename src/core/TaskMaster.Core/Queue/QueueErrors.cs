namespace TaskMaster.Core.Queue;

/// <summary>Collects every error of one file; parsing never stops at the first.</summary>
internal sealed class QueueErrors(string file)
{
    private readonly List<QueueError> _errors = [];

    public int Count => _errors.Count;

    public void Add(int line, string message) => _errors.Add(new QueueError(file, line, message));

    /// <summary>An error found later than where it belongs among those of its line (the list is ordered by when they were found).</summary>
    public void Insert(int index, int line, string message) => _errors.Insert(index, new QueueError(file, line, message));

    /// <summary>Forgets the errors found since there were <paramref name="count"/>.</summary>
    public void RemoveFrom(int count) => _errors.RemoveRange(count, _errors.Count - count);

    /// <summary>The errors by line; errors on one line keep the order they were found in.</summary>
    public IReadOnlyList<QueueError> InLineOrder() => _errors.OrderBy(e => e.Line).ToArray();
}
