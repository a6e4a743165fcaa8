using TaskMaster.Core.Queue;
using static TaskMaster.Core.Tests.Queue.SectionedParsing;

namespace TaskMaster.Core.Tests.Queue;

/// <summary>Where a queue file is cut into the sections Markdig parses one at a time.</summary>
public sealed class QueueSectionsTests
{
    [Fact]
    public void Parse_EveryHeading_StartsASectionThatHoldsItsBlocks()
    {
        var sections = QueueSections.Parse("# q\n\ntext\n## P\n### a: A\n- run: `true`\n", QueueParser.Pipeline, EveryHeading).ToArray();

        Assert.Equal([0, 3, 4], sections.Select(s => s.FirstLine));
        Assert.Equal([2, 1, 2], sections.Select(s => s.Document.Count));
        Assert.Equal("### a: A\n- run: `true`\n", sections[2].Text);
    }

    [Fact]
    public void Parse_IndentedOrUnspacedHashes_StartNoSection()
    {
        Assert.Equal([0, 4], SectionStarts("# q\n ## indented\n#hashtag\n####### seven\n#\n"));
    }

    [Fact]
    public void Parse_HeadingsInFences_StartNoSection()
    {
        const string text = "# q\n```sh\n# a\n```\n## P\n````\n```\n## in\n````\n~~~ `info`\n## in\n~~~\n```a`\n## P2\n";

        // The last fence opener has a backtick in its info string: it is text, not a fence.
        Assert.Equal([0, 4, 13], SectionStarts(text));
    }

    [Fact]
    public void Parse_HeadingTakenInByAnHtmlBlock_StartsNoSection()
    {
        Assert.Equal([0, 5], SectionStarts("# q\n<table>\n## in the table\n</table>\n\n## P\n"));
    }

    [Fact]
    public void Parse_ShortestLength_RunsEachSectionToTheFirstHeadingPastIt()
    {
        var text = string.Concat(Enumerable.Range(0, 10).Select(i => $"### t{i}: T\n"));

        var sections = QueueSections.Parse(text, QueueParser.Pipeline, minLength: 25).ToArray();

        Assert.Equal([0, 3, 6, 9], sections.Select(s => s.FirstLine));
    }

    [Fact]
    public void Parse_TextNoLongerThanASection_IsOneSection()
    {
        var text = "# q\n\n### a: A\n";

        var section = Assert.Single(QueueSections.Parse(text, QueueParser.Pipeline, text.Length));

        Assert.Equal(2, section.Document.Count);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Parse_OtherLineBreaks_CountLinesAsMarkdig(string lineBreak)
    {
        var text = "# q\n\n## P\n\n### a: A\n- run: `true`\n".Replace("\n", lineBreak, StringComparison.Ordinal);

        var sections = QueueSections.Parse(text, QueueParser.Pipeline, EveryHeading).ToArray();

        Assert.Equal([0, 2, 4], sections.Select(s => s.FirstLine));
        Assert.Equal(1, sections[2].Document[1].Line);
    }
}
