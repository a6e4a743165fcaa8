namespace TaskMaster.Monitor.Feed;

/// <summary>
/// The tasks whose rows changed since the last update, each once: a mark per task and the list of
/// those marked, both kept from one update to the next, so that noting a change on the scheduler's
/// loop is an array read and, the first time, an append; nothing is allocated once they have grown.
/// </summary>
internal sealed class ChangedTasks(int taskCount)
{
    private readonly bool[] _marked = new bool[taskCount];
    private readonly List<int> _indices = [];

    /// <summary>Every task may have changed (the run started, a rollback): the rows noted are not all.</summary>
    public bool All { get; private set; }

    public IReadOnlyList<int> Indices => _indices;

    public void Add(int index)
    {
        if (_marked[index]) return;
        _marked[index] = true;
        _indices.Add(index);
    }

    public void AddAll() => All = true;

    public void Clear()
    {
        foreach (var index in _indices) _marked[index] = false;
        _indices.Clear();
        All = false;
    }
}
