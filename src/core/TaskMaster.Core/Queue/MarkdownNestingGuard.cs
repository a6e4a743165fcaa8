namespace TaskMaster.Core.Queue;

/// <summary>
/// Refuses absurdly nested Markdown (<c>&gt; &gt; &gt; …</c>, <c>- - - …</c>) before Markdig sees it.
/// Markdig protects itself with a depth limit of 128, but only by throwing, without a line:
/// this guard stops below that limit and can say where.
/// </summary>
internal static class MarkdownNestingGuard
{
    /// <summary>The deepest nesting a queue file may use; Markdig counts a list as two levels (list and item).</summary>
    public const int MaxDepth = 100;

    /// <summary>The 1-based line whose leading quote and list markers nest deeper than <see cref="MaxDepth"/>, or 0.</summary>
    public static int FindTooDeepLine(string text)
    {
        var line = 1;
        var lineStart = 0;
        while (lineStart <= text.Length)
        {
            var length = text.AsSpan(lineStart).IndexOfAny('\n', '\r');
            var end = length < 0 ? text.Length : lineStart + length;
            if (DepthOf(text.AsSpan(lineStart, end - lineStart)) > MaxDepth) return line;
            lineStart = end + (end + 1 < text.Length && text[end] == '\r' && text[end + 1] == '\n' ? 2 : 1);
            line++;
        }
        return 0;
    }

    private static int DepthOf(ReadOnlySpan<char> line)
    {
        var depth = 0;
        var i = 0;
        while (true)
        {
            while (i < line.Length && line[i] is ' ' or '\t') i++;
            if (i >= line.Length) return depth;
            if (line[i] == '>')
            {
                depth++;
                i++;
                continue;
            }
            var marker = ListMarkerLength(line[i..]);
            if (marker == 0) return depth;
            depth += 2;
            i += marker;
        }
    }

    /// <summary>Length of a list marker (<c>-</c>, <c>*</c>, <c>+</c>, <c>1.</c>, <c>1)</c>) followed by a space, or 0.</summary>
    private static int ListMarkerLength(ReadOnlySpan<char> text)
    {
        var length = text[0] is '-' or '*' or '+' ? 1 : 0;
        if (length == 0)
        {
            while (length < text.Length && length < 9 && char.IsAsciiDigit(text[length])) length++;
            if (length == 0 || length >= text.Length || text[length] is not ('.' or ')')) return 0;
            length++;
        }
        return length < text.Length && text[length] is ' ' or '\t' ? length : 0;
    }
}
