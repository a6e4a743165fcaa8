namespace TaskMaster.Core.Queue;

/// <summary>Collects every error of one file; parsing never stops at the first.</summary>
internal sealed class QueueErrors(string file)
{
    private readonly List<QueueError> _errors = [];

    public int Count => _errors.Count;

    public void Add(int line, string message) => _errors.Add(new QueueError(file, line, message));

    /// <summary>The errors by line; errors on one line keep the order they were found in.</summary>
    public IReadOnlyList<QueueError> InLineOrder() => _errors.OrderBy(e => e.Line).ToArray();
}
