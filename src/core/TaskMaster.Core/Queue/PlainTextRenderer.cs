using System.Globalization;
using System.Text;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Renderers.Html.Inlines;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace TaskMaster.Core.Queue;

/// <summary>
/// Renders parsed Markdown to plain text with Markdig (emphasis, links and code spans become their text).
/// Anything that looks like HTML (<c>&lt;b&gt;</c>, <c>&lt;img onerror=…&gt;</c>) is kept as written: it is
/// text the author typed, and every view shows it escaped, never as markup. One instance is reused for a
/// whole file: a renderer per paragraph would dominate a 100k-task parse.
/// </summary>
internal sealed class PlainTextRenderer
{
    private readonly MarkdownPipeline _pipeline;
    private readonly StringBuilder _text = new();
    private HtmlRenderer _renderer;

    public PlainTextRenderer(MarkdownPipeline pipeline)
    {
        _pipeline = pipeline;
        _renderer = Create(pipeline, _text);
    }

    /// <summary>The block as plain text, trimmed; null when it nests deeper than Markdig renders.</summary>
    public string? Render(Block block) => Run(r => r.Render(block));

    /// <summary>
    /// The inlines from source offset <paramref name="from"/> on, as plain text, trimmed: a task
    /// heading's title without its <c>id:</c>. Null when they nest deeper than Markdig renders.
    /// </summary>
    public string? Render(ContainerInline inlines, int from) => Run(r =>
    {
        foreach (var inline in inlines)
        {
            if (inline.Span.End < from) continue;
            if (inline is LiteralInline literal && inline.Span.Start < from)
            {
                // The literal holding the id's colon: its text up to the colon is the plain id, so
                // offsets match the source there (escapes may shift them later in the literal).
                var content = literal.Content.AsSpan();
                r.Write(content[Math.Min(from - inline.Span.Start, content.Length)..]);
                continue;
            }
            r.Write(inline);
        }
    });

    private string? Run(Action<HtmlRenderer> render)
    {
        _text.Clear();
        try
        {
            render(_renderer);
        }
        catch (ArgumentException)
        {
            // Markdig's depth guard; its counters may be left mid-way, so start a fresh renderer.
            _renderer = Create(_pipeline, _text);
            return null;
        }
        return _text.ToString().Trim();
    }

    private static HtmlRenderer Create(MarkdownPipeline pipeline, StringBuilder text)
    {
        var renderer = new HtmlRenderer(new StringWriter(text, CultureInfo.InvariantCulture)) { EnableHtmlForBlock = false, EnableHtmlForInline = false, EnableHtmlEscape = false };
        pipeline.Setup(renderer);
        // Without HTML output the stock renderers drop raw HTML; these write it back as the text it is.
        renderer.ObjectRenderers.Replace<HtmlInlineRenderer>(new VerbatimHtmlInline());
        renderer.ObjectRenderers.Replace<HtmlBlockRenderer>(new VerbatimHtmlBlock());
        return renderer;
    }

    private sealed class VerbatimHtmlInline : HtmlObjectRenderer<HtmlInline>
    {
        protected override void Write(HtmlRenderer renderer, HtmlInline obj) => renderer.Write(obj.Tag);
    }

    private sealed class VerbatimHtmlBlock : HtmlObjectRenderer<HtmlBlock>
    {
        protected override void Write(HtmlRenderer renderer, HtmlBlock obj) => renderer.WriteLeafRawLines(obj, writeEndOfLines: true, escape: false);
    }
}
