namespace TaskMaster.Core.Queue;

/// <summary>What the reader took from the Markdown, before dependencies are checked and defaults applied.</summary>
internal sealed class QueueDraft
{
    public string? Name { get; set; }
    public int HeadingLine { get; set; }
    public DescriptionBuilder Description { get; } = new();
    public TaskFields Defaults { get; } = new();
    public List<PhaseDraft> Phases { get; } = [];
    public List<TaskDraft> Tasks { get; } = [];
}

internal sealed class PhaseDraft(string name, int line)
{
    public string Name { get; } = name;
    public int Line { get; } = line;
    public DescriptionBuilder Description { get; } = new();
}

/// <summary>A <c>###</c> task; <see cref="Id"/> is null when the heading was malformed (its fields are still checked).</summary>
internal sealed class TaskDraft(string? id, string title, int line, string? phase)
{
    public string? Id { get; } = id;
    public string Title { get; } = title;
    public int Line { get; } = line;
    public string? Phase { get; } = phase;
    public DescriptionBuilder Description { get; } = new();
    public TaskFields Fields { get; } = new();
    public TaskCommand? Script { get; set; }

    /// <summary>A fenced block was written, even one refused: the task is then not "missing a command".</summary>
    public bool HasFencedBlock { get; set; }

    /// <summary>How error messages name the task.</summary>
    public string Label => Id is null ? $"the task at line {Line}" : $"task `{Id}`";
}

/// <summary>Plain-text description: paragraphs separated by a blank line, consecutive bullets by a newline.</summary>
internal sealed class DescriptionBuilder
{
    // Made with the first part: most tasks of a large queue have no description.
    private List<string>? _parts;

    public void AddParagraph(string text)
    {
        if (text.Length > 0) (_parts ??= []).Add(text);
    }

    public void AddBullets(IReadOnlyList<string> bullets)
    {
        if (bullets.Count > 0) (_parts ??= []).Add(string.Join('\n', bullets.Select(b => "- " + b)));
    }

    public override string ToString() => _parts is null ? "" : string.Join("\n\n", _parts);
}
