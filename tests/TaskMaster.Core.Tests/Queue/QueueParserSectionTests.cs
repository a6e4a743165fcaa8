using System.Text;
using TaskMaster.Core.Queue;
using static TaskMaster.Core.Tests.Queue.SectionedParsing;

namespace TaskMaster.Core.Tests.Queue;

/// <summary>
/// A queue parsed a section at a time reads exactly as the whole file parsed at once: the same queue and
/// the same errors on the same lines, also where Markdig's blocks reach from one heading's text into the
/// next (each test asserts that against the whole-file parse, then what the case is about).
/// </summary>
public sealed class QueueParserSectionTests
{
    [Fact]
    public void ParseBySections_PhasesTasksScriptsAndDefaults_ReadAsTheWholeFile()
    {
        const string text = """
            # Queue: nightly

            Builds the *report*.

            - retries: 2
            - timeout: 5m

            ## Phase 1: fetch

            Gets the data.

            ### fetch: Fetch `input`
            Downloads it.
            - run: `curl -o in.csv x`
            - env: A=1, B=2

            ### clean: Clean
            - depends: fetch

            ```sh
            tr -d '\r' < in.csv > clean.csv
            ```

            ## Phase 2: report

            ### report: Report
            - depends: clean
            - run: `make report`
            """;

        var result = ParseAsWhole(text);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(["fetch", "clean", "report"], result.Queue!.Tasks.Select(t => t.Id));
        Assert.Equal(26, result.Queue.Tasks[2].Line);
        Assert.Equal([0, 7, 11, 16, 23, 25], SectionStarts(text));
    }

    [Fact]
    public void ParseBySections_HeadingLinesInsideFences_StayInTheScripts()
    {
        const string text = "# q\n\n### a: A\n```sh\n# comment\n## not a phase\n### b: not a task\n```\n\n" +
                            "### c: C\n~~~~bash\n### d: D\n~~~\n## still code\n~~~~\n\n" +
                            "### e: E\n````\n```\n### f: F\n```\n````\n";

        var queue = ParseAsWhole(text).Queue!;

        Assert.Equal(["a", "c", "e"], queue.Tasks.Select(t => t.Id));
        Assert.Equal("# comment\n## not a phase\n### b: not a task", queue.Tasks[0].Command.Text);
        Assert.Equal("### d: D\n~~~\n## still code", queue.Tasks[1].Command.Text);
    }

    [Fact]
    public void ParseBySections_UnclosedFence_RunsToTheEndOfTheFile()
    {
        var queue = ParseAsWhole("# q\n\n### a: A\n```sh\necho a\n\n### b: B\n- run: `true`\n").Queue!;

        var task = Assert.Single(queue.Tasks);
        Assert.Equal("echo a\n\n### b: B\n- run: `true`", task.Command.Text);
    }

    [Fact]
    public void ParseBySections_FenceOpenedInAListItem_EndsWithItAtTheHeading()
    {
        // The list item (and its fence) ends at `## P`; the indented fence after it is a new one, at the
        // top level, which takes `### t` in: not what a scan of the lines alone would say.
        var result = ParseAsWhole("# q\n\n- note\n  ```\n## P\n  ```\n### t: T\n- run: `true`\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(6, error.Line);
        Assert.Contains("a code block outside a task", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseBySections_HtmlBlockRightBeforeAHeading_TakesTheHeadingIn()
    {
        var queue = ParseAsWhole("# q\n\n### a: A\n<div>\n### b: B\n</div>\n\n- run: `true`\n").Queue!;

        var task = Assert.Single(queue.Tasks);
        Assert.Equal("<div>\n### b: B\n</div>", task.Description);
    }

    [Fact]
    public void ParseBySections_UnclosedHtmlComment_HidesEveryHeadingAfterIt()
    {
        var hidden = string.Concat(Enumerable.Range(0, 40).Select(i => $"### h{i}: H\n- run: `true`\n\n"));

        var queue = ParseAsWhole($"# q\n\n### a: A\n- run: `true`\n<!-- the rest is a note\n\n{hidden}").Queue!;

        Assert.Equal("a", Assert.Single(queue.Tasks).Id);
    }

    [Fact]
    public void ParseBySections_ClosedHtmlCommentsBeforeHeadings_EndAtTheirLine()
    {
        const string text = "# q\n\n### a: A\n- run: `true`\n<!-- owner: x -->\n### b: B\n- run: `true`\n<!--\nmore\n-->\n### c: C\n- run: `true`\n";

        var queue = ParseAsWhole(text).Queue!;

        Assert.Equal(["a", "b", "c"], queue.Tasks.Select(t => t.Id));
        Assert.Equal([0, 2, 5, 10], SectionStarts(text));
    }

    [Fact]
    public void ParseBySections_LinkDefinedInALaterSection_ResolvesInAnEarlierOne()
    {
        var queue = ParseAsWhole("# q\n\n### a: See [the Docs]\n- run: `true`\n\n### b: B\n- run: `true`\n\n[the docs]: https://example.com/docs\n").Queue!;

        Assert.Equal("See the Docs", queue.Tasks[0].Title);
    }

    [Fact]
    public void ParseBySections_LinkDefinitionsAcrossSections_ResolveAsInTheWholeFile()
    {
        const string text = """
            # q

            - [early]: /early
            [twice]: /first

            ### a: [early] [late] [twice] [missing]
            - run: `true`

            ### b: [early][] and ![late]
            [twice]: /second
            - run: `true`

            ### c: [twice][]
            > [late]: /late "in a quote"
            - run: `true`
            """;

        var queue = ParseAsWhole(text).Queue!;

        Assert.Equal(["early late twice [missing]", "early and late", "twice"], queue.Tasks.Select(t => t.Title));
    }

    [Fact]
    public void ParseBySections_SetextHeadings_ReadAsInTheWholeFile()
    {
        var result = ParseAsWhole("q\n===\n\n### a: A\n- run: `true`\n\nagain\n=====\n\n### b: B\nText\n---\n- run: `true`\n");

        // Markdig puts a setext heading on its underline's line.
        Assert.Equal([8, 10, 13], result.Errors.Select(e => e.Line));
        Assert.StartsWith("a second queue heading", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("task `b` is missing a command", result.Errors[1].Message, StringComparison.Ordinal);
        Assert.StartsWith("`run:` under phase `Text`", result.Errors[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseBySections_LazyContinuationLines_EndAtTheHeading()
    {
        var queue = ParseAsWhole("# q\n\n> quoted\nlazy\n### a: A\n- item\nlazy too\n- run: `true`\n### b: B\n1. one\nlazy\n- run: `true`\n").Queue!;

        Assert.Equal("quoted\nlazy", queue.Description);
        Assert.Equal("- item\nlazy too", queue.Tasks[0].Description);
        Assert.Equal("one\nlazy", queue.Tasks[1].Description);
    }

    [Fact]
    public void ParseBySections_LevelFourHeadingInATask_KeepsTheTaskOpenInTheNextSection()
    {
        var result = ParseAsWhole("# q\n\n### a: A\n#### Notes\n- run: `true`\n- run: `false`\n");

        Assert.Equal([4, 6], result.Errors.Select(e => e.Line));
        Assert.Contains("level-4 heading", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("set twice (lines 5 and 6)", result.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseBySections_QueueHeadingInALaterSection_ReportsTheContentBeforeItFirstOnItsLine()
    {
        var result = ParseAsWhole("## \n\nText\n\n# q\n\n### a: A\n- run: `true`\n");

        Assert.Equal(
            ["content before the queue heading (`#` at line 5): the file must start with it", "the phase heading has no name: write `## <phase name>`"],
            result.Errors.Select(e => e.Message));
        Assert.All(result.Errors, e => Assert.Equal(1, e.Line));
    }

    [Fact]
    public void ParseBySections_NoQueueHeading_ReportsItFirst()
    {
        var result = ParseAsWhole("### a: A\n- run: `true`\n\n### a: A again\n- run: `true`\n");

        Assert.Equal([0, 4], result.Errors.Select(e => e.Line));
        Assert.StartsWith("no queue heading", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void ParseBySections_OtherLineBreaks_CountLinesAsTheWholeFile(string lineBreak)
    {
        var text = "# q\n\n### a: A\n- retries: x\n- run: `true`\n\n### b: B\n```\n### c: C\n```\n- retries: y\n".Replace("\n", lineBreak, StringComparison.Ordinal);

        var result = ParseAsWhole(text);

        Assert.Equal([4, 11], result.Errors.Select(e => e.Line));
    }

    [Fact]
    public void ParseBySections_MarkdigDepthLimitInALaterSection_RefusesTheFileWithThatErrorAlone()
    {
        var deep = string.Concat(Enumerable.Range(0, 200).Select(i => new string(' ', 2 * i) + "- level\n"));

        var result = ParseAsWhole($"# q\n\n### no id here\n- run: `true`\n\n### t: T\n- run: `true`\n{deep}");

        var error = Assert.Single(result.Errors);
        Assert.Equal(0, error.Line);
        Assert.Contains("nested too deeply", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseBySections_HeadingOnTheLastLineWithoutLineBreak_IsASectionOfItsOwn()
    {
        var result = ParseAsWhole("# q\n\n### a: A\n- run: `true`\n### b: B");

        Assert.Contains("task `b` is missing a command", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_QueueLongerThanASection_ReadsAsTheWholeFile()
    {
        var text = new StringBuilder("# Queue: long\n\n");
        for (var i = 0; i < 3000; i++) text.Append($"### t{i}: task {i}\n- run: `true`\n{(i > 0 ? $"- depends: t{i - 1}\n" : "")}\n");
        var content = Encoding.UTF8.GetBytes(text.ToString());
        Assert.True(content.Length > 2 * QueueSections.DefaultLength);

        var byDefault = QueueParser.Parse(content, QueueParsing.SourcePath, QueueParsing.FileName);

        Assert.Equal(Describe(Parse(content, WholeFile)), Describe(byDefault));
        Assert.Equal(3000, byDefault.Queue!.Tasks.Count);
    }
}
