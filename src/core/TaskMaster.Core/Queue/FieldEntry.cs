namespace TaskMaster.Core.Queue;

/// <summary>One <c>- key: value</c> bullet as written.</summary>
/// <param name="Key">The lowercase key before the colon.</param>
/// <param name="Value">The source text after the colon, trimmed, lines joined by a space: not Markdown-rendered, so <c>*.txt</c> stays.</param>
/// <param name="Line">1-based line of the bullet.</param>
/// <param name="CodeSpan">The content of the code span when the value is exactly one code span, else null.</param>
internal readonly record struct FieldEntry(string Key, string Value, int Line, string? CodeSpan);

/// <summary>Where a field bullet stands: under the <c>#</c> heading (a queue default) or under a task.</summary>
internal enum FieldLevel
{
    QueueDefault,
    Task,
}
