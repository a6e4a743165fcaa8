using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace TaskMaster.Core.Queue;

/// <summary>
/// Recognises a <c>- key: value</c> bullet: a lowercase key (<c>[a-z][a-z-]*</c>) right before a colon
/// and a space or the end. Any other bullet is description text, not a field.
/// </summary>
internal static class FieldItem
{
    /// <summary>Reads the bullet as a field, taking the value from the source text (not rendered).</summary>
    /// <param name="item">The bullet.</param>
    /// <param name="source">The text it was parsed from.</param>
    /// <param name="line">Its line in the file, from 1.</param>
    /// <param name="entry">The field.</param>
    public static bool TryRead(ListItemBlock item, string source, int line, out FieldEntry entry)
    {
        entry = default;
        if (item.Count == 0 || item[0] is not ParagraphBlock paragraph) return false;
        var (start, last) = (paragraph.Span.Start, paragraph.Span.End);
        var keyEnd = start;
        while (keyEnd <= last && (char.IsAsciiLetterLower(source[keyEnd]) || (keyEnd > start && source[keyEnd] == '-'))) keyEnd++;
        if (keyEnd == start || keyEnd > last || source[keyEnd] != ':') return false;
        // `see http://x` is prose, not a key: the colon must end the word.
        var afterColon = keyEnd + 1;
        if (afterColon <= last && !char.IsWhiteSpace(source[afterColon])) return false;

        var value = JoinLines(source.AsSpan(afterColon, last + 1 - afterColon));
        entry = new FieldEntry(source[start..keyEnd], value, line, SoleCodeSpan(paragraph, source, afterColon));
        return true;
    }

    /// <summary>A value written over several lines is one line: each trimmed, joined by a space.</summary>
    private static string JoinLines(ReadOnlySpan<char> text)
    {
        var parts = new List<string>();
        foreach (var range in text.SplitAny('\n', '\r'))
        {
            var line = text[range].Trim();
            if (!line.IsEmpty) parts.Add(line.ToString());
        }
        return string.Join(' ', parts);
    }

    /// <summary>The content of the value's code span when the value is that code span and nothing else.</summary>
    private static string? SoleCodeSpan(ParagraphBlock paragraph, string source, int valueStart)
    {
        CodeInline? code = null;
        foreach (var inline in paragraph.Inline ?? [])
        {
            if (inline.Span.End < valueStart || inline is LineBreakInline) continue;
            var from = Math.Max(inline.Span.Start, valueStart);
            if (inline is LiteralInline && source.AsSpan(from, inline.Span.End + 1 - from).IsWhiteSpace()) continue;
            if (code is not null || inline is not CodeInline codeInline) return null;
            code = codeInline;
        }
        return code?.Content;
    }
}
