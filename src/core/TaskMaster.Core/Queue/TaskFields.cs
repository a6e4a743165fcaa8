namespace TaskMaster.Core.Queue;

/// <summary>
/// The fields a task (or the queue's defaults) wrote, each null until set, with the line of every
/// key so that a second occurrence can name the first.
/// </summary>
internal sealed class TaskFields
{
    // A task writes a few keys of the 15: a short array searched in order is a quarter of a dictionary's
    // size, and a million-task queue holds a million of these while it is read.
    private (string Key, int Line)[] _lines = [];

    public TaskCommand? Run { get; set; }
    public IReadOnlyList<string>? DependsOn { get; set; }
    public int? Retries { get; set; }
    public TimeSpan? RetryBackoff { get; set; }
    public RetryOn? RetryOn { get; set; }
    public TimeSpan? Timeout { get; set; }
    public TimeSpan? Estimate { get; set; }
    public ResourceRequest? Resources { get; set; }
    public IReadOnlyList<KeyValuePair<string, string>>? Environment { get; set; }
    public string? WorkingDirectory { get; set; }
    public SuccessCriteria? Success { get; set; }
    public bool? CheckpointAfter { get; set; }
    public bool? Critical { get; set; }
    public bool? AlreadyDone { get; set; }
    public int? Concurrency { get; set; }

    /// <summary>Records that <paramref name="key"/> is written at <paramref name="line"/>; false with the earlier line when it already was.</summary>
    public bool TryClaim(string key, int line, out int firstLine)
    {
        firstLine = LineOf(key);
        if (firstLine > 0) return false;
        _lines = [.. _lines, (key, line)];
        firstLine = line;
        return true;
    }

    /// <summary>The line <paramref name="key"/> was written at, or 0.</summary>
    public int LineOf(string key)
    {
        foreach (var (written, line) in _lines)
        {
            if (string.Equals(written, key, StringComparison.Ordinal)) return line;
        }
        return 0;
    }
}
