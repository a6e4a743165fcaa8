namespace TaskMaster.Core.Queue;

/// <summary>One thing wrong in a queue file, at a line.</summary>
/// <param name="File">The file as the user named it.</param>
/// <param name="Line">1-based line (0 when the error concerns the whole file).</param>
/// <param name="Message">What is wrong and, where it helps, what was expected.</param>
public sealed record QueueError(string File, int Line, string Message)
{
    /// <summary><c>FILE:LINE: message</c>, the form editors and CI annotate.</summary>
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>The outcome of reading a queue: a queue, or every error found in it.</summary>
public sealed record QueueParseResult(QueueDefinition? Queue, IReadOnlyList<QueueError> Errors)
{
    public bool IsValid => Queue is not null && Errors.Count == 0;
}
