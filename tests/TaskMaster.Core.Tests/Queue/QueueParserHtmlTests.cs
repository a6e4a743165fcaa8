using static TaskMaster.Core.Tests.Queue.QueueParsing;

namespace TaskMaster.Core.Tests.Queue;

/// <summary>Text that looks like HTML is the author's text: kept as written (every view shows it escaped), never stripped.</summary>
public sealed class QueueParserHtmlTests
{
    private const string Hostile = "<b>x</b> & <img src=x onerror=alert(1)>";

    [Fact]
    public void Parse_TitleWithHtml_KeepsItVerbatim()
    {
        var queue = Valid($"# q\n\n### t: {Hostile}\n- run: `true`\n");

        Assert.Equal(Hostile, queue.Tasks[0].Title);
    }

    [Fact]
    public void Parse_QueueAndPhaseHeadingsWithHtml_KeepThemVerbatim()
    {
        var queue = Valid($"# Queue: nightly <i>2</i>\n\n## Phase <em>one</em>\n\n### t: T\n- run: `true`\n");

        Assert.Equal("nightly <i>2</i>", queue.Name);
        Assert.Equal("Phase <em>one</em>", queue.Tasks[0].Phase);
    }

    [Fact]
    public void Parse_DescriptionWithHtml_KeepsInlineAndBlockHtmlButNotComments()
    {
        var queue = Valid("# q\n\n### t: T\nRuns <code>make</code> first.\n\n<div onclick=\"x()\">in a block</div>\n\n<!-- a note for the author -->\n- run: `true`\n");

        Assert.Contains("Runs <code>make</code> first.", queue.Tasks[0].Description, StringComparison.Ordinal);
        Assert.Contains("<div onclick=\"x()\">in a block</div>", queue.Tasks[0].Description, StringComparison.Ordinal);
        Assert.DoesNotContain("a note for the author", queue.Tasks[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MarkdownAroundHtml_StillRendersAsText()
    {
        var queue = Valid("# q\n\n### t: *Build* <b>it</b> `now`\n- run: `true`\n");

        Assert.Equal("Build <b>it</b> now", queue.Tasks[0].Title);
    }
}
