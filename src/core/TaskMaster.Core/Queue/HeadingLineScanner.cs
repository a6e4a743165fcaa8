namespace TaskMaster.Core.Queue;

/// <summary>A line of queue text where a section may start (see <see cref="HeadingLineScanner"/>).</summary>
/// <param name="Start">Offset of the line's first character.</param>
/// <param name="End">Offset just after the line's line break: where the line after it starts.</param>
/// <param name="Line">The line's number, from 0, counted as Markdig counts them.</param>
internal readonly record struct HeadingLine(int Start, int End, int Line);

/// <summary>
/// Finds, in order, the lines that start with an ATX heading (<c>#</c> to <c>######</c>, then a space, a
/// tab or the line's end) at their very first character, outside a fenced code block: where a section of
/// the file may start. Lines break at LF, CRLF and a lone CR, as in Markdown. It knows fences as CommonMark
/// opens and closes them at the top level, so that the <c># comments</c> of a script are not taken for
/// headings. Where it is wrong (a fence opened inside a list item, a fence marker inside an HTML block),
/// <see cref="QueueSections"/> sees it in Markdig's own parse and looks further: its mistakes cost a parse
/// more, never a different reading.
/// </summary>
internal sealed class HeadingLineScanner(string text)
{
    private const int MaxHeadingLevel = 6;
    private const int MaxFenceIndent = 3;
    private const int MinFenceLength = 3;

    private int _offset;
    private int _line;
    private char _fenceChar;
    private int _fenceLength;

    /// <summary>The next heading line after those already returned; false at the end of the text.</summary>
    public bool TryNext(out HeadingLine heading)
    {
        while (_offset < text.Length)
        {
            var start = _offset;
            var length = text.AsSpan(start).IndexOfAny('\n', '\r');
            var end = length < 0 ? text.Length : start + length;
            var next = end == text.Length ? end : end + (text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? 2 : 1);
            var line = _line;
            (_offset, _line) = (next, _line + 1);

            var content = text.AsSpan(start, end - start);
            if (_fenceLength > 0)
            {
                if (ClosesFence(content)) _fenceLength = 0;
            }
            else if (!OpensFence(content) && IsAtxHeading(content))
            {
                heading = new HeadingLine(start, next, line);
                return true;
            }
        }
        heading = default;
        return false;
    }

    private static bool IsAtxHeading(ReadOnlySpan<char> line)
    {
        var hashes = RunOf(line, '#');
        return hashes is > 0 and <= MaxHeadingLevel && (hashes == line.Length || line[hashes] is ' ' or '\t');
    }

    /// <summary>A run of 3 or more backticks or tildes, indented by at most 3 spaces; a backtick fence's info has no backtick.</summary>
    private bool OpensFence(ReadOnlySpan<char> line)
    {
        var indent = RunOf(line, ' ');
        if (indent > MaxFenceIndent || indent == line.Length || line[indent] is not ('`' or '~')) return false;
        var fenceChar = line[indent];
        var length = RunOf(line[indent..], fenceChar);
        if (length < MinFenceLength || (fenceChar == '`' && line[(indent + length)..].Contains('`'))) return false;
        (_fenceChar, _fenceLength) = (fenceChar, length);
        return true;
    }

    /// <summary>At least as many of the opening fence's character, indented by at most 3 spaces, then only spaces or tabs.</summary>
    private bool ClosesFence(ReadOnlySpan<char> line)
    {
        var indent = RunOf(line, ' ');
        if (indent > MaxFenceIndent) return false;
        var length = RunOf(line[indent..], _fenceChar);
        return length >= _fenceLength && line[(indent + length)..].IndexOfAnyExcept(' ', '\t') < 0;
    }

    private static int RunOf(ReadOnlySpan<char> text, char c)
    {
        var length = text.IndexOfAnyExcept(c);
        return length < 0 ? text.Length : length;
    }
}
