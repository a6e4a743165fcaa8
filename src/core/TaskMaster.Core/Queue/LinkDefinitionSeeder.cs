using Markdig;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Syntax;

namespace TaskMaster.Core.Queue;

/// <summary>
/// Gives a section of a queue file the link reference definitions (<c>[label]: url</c>) of the whole file.
/// A definition anywhere in a Markdown file counts everywhere in it, before it too, and the first one of
/// a label wins; Markdig resolves <c>[text][label]</c> against the definitions of the document it parses.
/// So a file parsed a section at a time (<see cref="QueueSections"/>) gives each section the file's
/// definitions before Markdig reads its first link. An inline parser because links are read in the inline
/// pass, which has no earlier hook into the document: it runs ahead of Markdig's link parser at each
/// <c>[</c>, <c>!</c> and <c>]</c>, and never takes any text.
/// </summary>
internal sealed class LinkDefinitionSeeder : InlineParser
{
    private static readonly object DefinitionsKey = new();
    private static readonly object SeededKey = new();

    public LinkDefinitionSeeder() => OpeningCharacters = ['[', '!', ']'];

    /// <summary>A parser context that gives every document parsed with it <paramref name="definitions"/>.</summary>
    public static MarkdownParserContext ContextWith(LinkReferenceDefinitionGroup definitions)
    {
        var context = new MarkdownParserContext();
        context.Properties[DefinitionsKey] = definitions;
        return context;
    }

    /// <summary>
    /// A definition that holds nothing of the document it was found in, so that document can go (its
    /// source spans, which index that section's text, are left out).
    /// </summary>
    public static LinkReferenceDefinition Copy(LinkReferenceDefinition definition) => new(definition.Label, definition.Url, definition.Title);

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        var document = processor.Document;
        if (processor.Context?.Properties.GetValueOrDefault(DefinitionsKey) is not LinkReferenceDefinitionGroup definitions ||
            document.GetData(SeededKey) is not null)
            return false;
        document.SetData(SeededKey, true);
        // The file's first definition of each label, over the section's own: they are the ones the whole file's parse would use.
        var links = document.GetLinkReferenceDefinitions(addGroup: false).Links;
        foreach (var (label, definition) in definitions.Links) links[label] = definition;
        return false;
    }
}
