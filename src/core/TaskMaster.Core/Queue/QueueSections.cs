using Markdig;
using Markdig.Syntax;

namespace TaskMaster.Core.Queue;

/// <summary>A part of a queue file parsed on its own, holding the top-level blocks the whole file's parse has there.</summary>
/// <param name="Document">The part's parse; its lines count from the part's first line, its source positions index <paramref name="Text"/>.</param>
/// <param name="Text">The text it was parsed from.</param>
/// <param name="FirstLine">The number (from 0) in the whole file of the part's first line.</param>
internal readonly record struct QueueSection(MarkdownDocument Document, string Text, int FirstLine);

/// <summary>Markdig gave up on Markdown nested deeper than it reads (its own depth limit); it does not say where.</summary>
internal sealed class MarkdownTooDeepException(ArgumentException inner) : Exception(inner.Message, inner);

/// <summary>
/// Parses a queue file with Markdig a section at a time, so that one section's syntax tree is alive at a
/// time and not the whole file's (about ten times the parsed queue: 3.8 GiB for a million tasks).
/// Every section but the first starts at a top-level ATX heading, where nothing of the blocks before it
/// reaches past: a heading closes every open block, and no block takes a heading line in, except a
/// fenced code block or an HTML block still open. That is not guessed from the text: a section is
/// parsed together with the heading line after it, and that line ends the section only when Markdig
/// made it a heading of the document's own (else the section goes on to a later heading). The blocks of
/// each section are then those of the whole file's parse, with their lines counted from the section's
/// first line. What a section takes from the rest of the file, the link reference definitions, it is
/// given (<see cref="LinkDefinitionSeeder"/>).
/// </summary>
internal static class QueueSections
{
    /// <summary>A section runs to the first heading at least this many characters on: ~800 generated tasks, a few MB of tree.</summary>
    public const int DefaultLength = 64 * 1024;

    /// <summary>The sections of <paramref name="text"/>, parsed one at a time as they are enumerated.</summary>
    /// <param name="minLength">The shortest section, in characters; 0 starts one at every heading (for tests).</param>
    /// <exception cref="MarkdownTooDeepException">Markdig refused a section (while enumerating).</exception>
    public static IEnumerable<QueueSection> Parse(string text, MarkdownPipeline pipeline, int minLength = DefaultLength)
    {
        if (text.Length <= minLength) return [new QueueSection(ParseMarkdown(text, pipeline, null), text, 0)];
        return Split(text, pipeline, minLength, DefinitionsContext(text, pipeline, minLength));
    }

    private static IEnumerable<QueueSection> Split(string text, MarkdownPipeline pipeline, int minLength, MarkdownParserContext? context)
    {
        var headings = new HeadingLineScanner(text);
        var (start, firstLine) = (0, 0);
        while (true)
        {
            bool found;
            HeadingLine next;
            do found = headings.TryNext(out next);
            while (found && next.Start - start < Math.Max(minLength, 1));

            // A heading Markdig does not see as one (inside an HTML block, say) is passed over, then
            // twice as many each time, so that a block running to the end costs a few parses, not one per heading.
            for (var jump = 1; found; jump *= 2)
            {
                var sectionText = text[start..next.End];
                var document = ParseMarkdown(sectionText, pipeline, context);
                if (TakeEndingHeading(document, next.Line - firstLine))
                {
                    yield return new QueueSection(document, sectionText, firstLine);
                    break;
                }
                for (var i = 0; i < jump && found; i++) found = headings.TryNext(out next);
            }
            if (!found)
            {
                var rest = text[start..];
                yield return new QueueSection(ParseMarkdown(rest, pipeline, context), rest, firstLine);
                yield break;
            }
            (start, firstLine) = (next.Start, next.Line);
        }
    }

    /// <summary>
    /// Whether the document's last top-level block is a heading on <paramref name="line"/>; it is then
    /// removed, as the start of the next section. (A link reference definition group Markdig adds after it.)
    /// </summary>
    private static bool TakeEndingHeading(MarkdownDocument document, int line)
    {
        var last = document.Count - 1;
        if (last >= 0 && document[last] is LinkReferenceDefinitionGroup) last--;
        if (last < 0 || document[last] is not HeadingBlock heading || heading.Line != line) return false;
        document.RemoveAt(last);
        return true;
    }

    /// <summary>
    /// A context with every link reference definition of the file, for each section to resolve links
    /// against; null when there is none. Only a file holding <c>]:</c> can have one, and only then are its
    /// sections parsed twice.
    /// </summary>
    private static MarkdownParserContext? DefinitionsContext(string text, MarkdownPipeline pipeline, int minLength)
    {
        if (!text.Contains("]:", StringComparison.Ordinal)) return null;
        var definitions = new LinkReferenceDefinitionGroup();
        foreach (var section in Split(text, pipeline, minLength, context: null))
        {
            foreach (var (label, definition) in section.Document.GetLinkReferenceDefinitions(addGroup: false).Links)
                definitions.Links.TryAdd(label, LinkDefinitionSeeder.Copy(definition));
        }
        return definitions.Links.Count == 0 ? null : LinkDefinitionSeeder.ContextWith(definitions);
    }

    private static MarkdownDocument ParseMarkdown(string text, MarkdownPipeline pipeline, MarkdownParserContext? context)
    {
        try
        {
            return Markdown.Parse(text, pipeline, context);
        }
        catch (ArgumentException e)
        {
            throw new MarkdownTooDeepException(e);
        }
    }
}
