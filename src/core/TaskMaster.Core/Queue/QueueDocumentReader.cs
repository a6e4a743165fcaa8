using Markdig;
using Markdig.Syntax;

namespace TaskMaster.Core.Queue;

/// <summary>
/// Walks the top-level blocks of a parsed queue file in order, a section at a time, and takes from them
/// the queue's name, defaults, phases and tasks. Everything it finds wrong goes to the error list; it never
/// stops early, and it never recurses, so nesting depth cannot hurt it.
/// </summary>
internal sealed class QueueDocumentReader
{
    private const string QueueHeadingPrefix = "Queue:";

    private readonly QueueErrors _errors;
    private readonly PlainTextRenderer _plainText;
    private readonly QueueDraft _draft = new();
    /// <summary>Each task id once: a dependency names a task by the same string as its heading (~40 B less per dependency).</summary>
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly int _firstError;
    private string _source = "";
    private int _firstLine;
    private PhaseDraft? _phase;
    private TaskDraft? _task;
    private bool _queueHeadingSeen;
    private (int ErrorIndex, int Line)? _contentBeforeQueueHeading;

    private QueueDocumentReader(MarkdownPipeline pipeline, QueueErrors errors)
    {
        _errors = errors;
        _firstError = errors.Count;
        _plainText = new PlainTextRenderer(pipeline);
    }

    /// <param name="sections">The file parsed with precise source locations, in order; each is let go once read.</param>
    /// <param name="pipeline">The pipeline it was parsed with, for rendering plain text.</param>
    /// <param name="errors">Where errors go.</param>
    public static QueueDraft Read(IEnumerable<QueueSection> sections, MarkdownPipeline pipeline, QueueErrors errors)
    {
        var reader = new QueueDocumentReader(pipeline, errors);
        foreach (var section in sections) reader.ReadSection(section);
        reader.Finish();
        return reader._draft;
    }

    private DescriptionBuilder Description => _task?.Description ?? _phase?.Description ?? _draft.Description;

    private void ReadSection(QueueSection section)
    {
        // Field values and task ids are read from the source text, by the section's own positions.
        (_source, _firstLine) = (section.Text, section.FirstLine);
        foreach (var block in section.Document)
        {
            if (!_queueHeadingSeen) NoteQueueHeading(block);
            ReadBlock(block);
        }
    }

    /// <summary>
    /// The file must start with its queue heading (the first `#`), which a later section may hold: the
    /// first visible block before it is remembered, with where its error goes in the list, and reported
    /// once the heading's line is known. Reported once; what follows is still read for its own errors.
    /// </summary>
    private void NoteQueueHeading(Block block)
    {
        if (block is HeadingBlock { Level: 1 })
        {
            _queueHeadingSeen = true;
            if (_contentBeforeQueueHeading is var (index, line))
                _errors.Insert(index, line, $"content before the queue heading (`#` at line {LineOf(block)}): the file must start with it");
        }
        else if (_contentBeforeQueueHeading is null && !IsInvisible(block))
            _contentBeforeQueueHeading = (_errors.Count, LineOf(block));
    }

    private void Finish()
    {
        if (!_queueHeadingSeen)
            _errors.Insert(_firstError, 0, "no queue heading: the file must start with `# <queue name>` (or `# Queue: <queue name>`)");
    }

    private void ReadBlock(Block block)
    {
        switch (block)
        {
            case HeadingBlock { Level: 1 } heading:
                ReadQueueHeading(heading);
                break;
            case HeadingBlock { Level: 2 } heading:
                ReadPhaseHeading(heading);
                break;
            case HeadingBlock { Level: 3 } heading:
                ReadTaskHeading(heading);
                break;
            case HeadingBlock heading:
                _errors.Add(LineOf(heading), $"a level-{heading.Level} heading is not part of the queue format: `#` names the queue, `##` a phase, `###` a task");
                break;
            case ListBlock { IsOrdered: false } list:
                ReadBullets(list);
                break;
            case FencedCodeBlock fence:
                ReadScript(fence);
                break;
            case HtmlBlock { Type: HtmlBlockType.Comment } or LinkReferenceDefinitionGroup or ThematicBreakBlock or BlankLineBlock:
                break;
            default:
                // Paragraphs, quotes, ordered lists, indented code, HTML (kept as the text it is): all description.
                Description.AddParagraph(Render(block));
                break;
        }
    }

    private void ReadQueueHeading(HeadingBlock heading)
    {
        _phase = null;
        _task = null;
        if (_draft.Name is not null)
        {
            _errors.Add(LineOf(heading), $"a second queue heading: a file holds one queue, named at line {_draft.HeadingLine}; use `##` for a phase");
            return;
        }
        var name = Render(heading);
        if (name.StartsWith(QueueHeadingPrefix, StringComparison.OrdinalIgnoreCase)) name = name[QueueHeadingPrefix.Length..].Trim();
        if (name.Length == 0) _errors.Add(LineOf(heading), "the queue heading has no name: write `# <queue name>`");
        _draft.Name = name;
        _draft.HeadingLine = LineOf(heading);
    }

    private void ReadPhaseHeading(HeadingBlock heading)
    {
        var name = Render(heading);
        if (name.Length == 0) _errors.Add(LineOf(heading), "the phase heading has no name: write `## <phase name>`");
        _phase = new PhaseDraft(name, LineOf(heading));
        _draft.Phases.Add(_phase);
        _task = null;
    }

    private void ReadTaskHeading(HeadingBlock heading)
    {
        var inlines = heading.Inline;
        var start = inlines?.FirstChild?.Span.Start ?? heading.Span.Start;
        var end = inlines?.LastChild?.Span.End ?? start - 1;
        var text = _source[start..(end + 1)];
        var title = "";
        if (TaskHeading.TryParse(text, out var id, out var titleStart, out var error))
        {
            id = Pooled(id);
            title = _plainText.Render(inlines!, start + titleStart) ?? ReportTooDeep(heading);
        }
        else
            _errors.Add(LineOf(heading), error);
        // A malformed heading still opens a task, so that its bullets are checked and not taken for the previous task's.
        _task = new TaskDraft(id, title, LineOf(heading), _phase?.Name);
        _draft.Tasks.Add(_task);
    }

    private void ReadBullets(ListBlock list)
    {
        var bullets = new List<string>();
        foreach (var item in list.OfType<ListItemBlock>())
        {
            if (!FieldItem.TryRead(item, _source, LineOf(item), out var field))
            {
                bullets.Add(Render(item));
                continue;
            }
            if (item.Count > 1)
                _errors.Add(LineOf(item[1]), $"`{field.Key}:` is a one-line field; this content under it belongs nowhere (put it in the task's description, outside the bullet)");
            ReadField(field);
        }
        Description.AddBullets(bullets);
    }

    private void ReadField(FieldEntry field)
    {
        if (_task is null && _phase is not null)
        {
            _errors.Add(field.Line, $"`{field.Key}:` under phase {Excerpt.Of(_phase.Name)}: phases have no fields; queue defaults go right under the `#` heading, task fields under a `###` task");
            return;
        }
        var level = _task is null ? FieldLevel.QueueDefault : FieldLevel.Task;
        var fields = _task?.Fields ?? _draft.Defaults;
        if (TaskFieldParser.Apply(field, fields, level) is { } error)
            _errors.Add(field.Line, error);
        else if (field.Key == "depends" && fields.DependsOn is { Count: > 0 } dependencies)
            fields.DependsOn = dependencies.Select(Pooled).ToArray();
    }

    private string Pooled(string id)
    {
        if (_ids.TryGetValue(id, out var known)) return known;
        _ids.Add(id);
        return id;
    }

    private void ReadScript(FencedCodeBlock fence)
    {
        var line = LineOf(fence);
        if (_task is null)
        {
            _errors.Add(line, "a code block outside a task: a script goes under a `### <id>: <title>` heading");
            return;
        }
        _task.HasFencedBlock = true;
        if (ScriptShell.For(fence.Info) is not { } shell)
        {
            _errors.Add(line, $"scripts in {Excerpt.Of(fence.Info ?? "")} are not supported: {ScriptShell.Supported}");
            return;
        }
        if (_task.Script is { } earlier)
        {
            _errors.Add(line, $"{_task.Label} has two commands: fenced blocks at lines {earlier.Line} and {line}; keep one");
            return;
        }
        var script = fence.Lines.ToString().ReplaceLineEndings("\n");
        if (string.IsNullOrWhiteSpace(script)) _errors.Add(line, $"{_task.Label} has an empty script");
        _task.Script = new TaskCommand(script, shell, line, IsScript: true);
    }

    private string Render(Block block) => _plainText.Render(block) ?? ReportTooDeep(block);

    private string ReportTooDeep(Block block)
    {
        _errors.Add(LineOf(block), "Markdown nested too deeply to read (emphasis, links or quotes inside each other)");
        return "";
    }

    private static bool IsInvisible(Block block) =>
        block is LinkReferenceDefinitionGroup or BlankLineBlock or HtmlBlock { Type: HtmlBlockType.Comment };

    private int LineOf(Block block) => _firstLine + block.Line + 1;
}
