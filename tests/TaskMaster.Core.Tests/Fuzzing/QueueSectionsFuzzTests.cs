using TaskMaster.Core.Queue;
using TaskMaster.Core.Tests.Queue;
using static TaskMaster.Core.Tests.Fuzzing.FuzzLoop;

namespace TaskMaster.Core.Tests.Fuzzing;

/// <summary>
/// The queue parser a section at every heading against the same file parsed whole, over mutated queue
/// files (<see cref="FuzzLoop"/>) and over files made of the lines whose blocks reach past a heading:
/// the same queue, or the same errors on the same lines, for every input.
/// </summary>
public sealed class QueueSectionsFuzzTests
{
    private const int TrickyFiles = 400;

    /// <summary>What may take a heading in or reach past it: fences, HTML blocks, containers, lazy lines, setext underlines, link definitions.</summary>
    private static readonly string[] TrickyLines =
    [
        "## P", "#### n", "#", " ## indented", "#no-space", "- retries: x", "text *em* [x]", "lazy", "", "", "", "===", "---",
        "```", "```sh", "````", "~~~", "  ```", "    ```", "```a`",
        "<div>", "</div>", "<!--", "-->", "<!-- c -->", "<pre>", "</pre>", "<?x", "?>", "<![CDATA[", "]]>", "<b>",
        "> quote", "> [y]: /quoted", "- item", "  - nested", "1. one", "   indented text",
        "[x]: /x", "[X]: /other", "- [y]: /y \"title\"", "[y]:", "  /late",
    ];

    /// <summary>Task titles whose text depends on the link definitions of the whole file.</summary>
    private static readonly string[] Titles = ["T", "[x]", "see [X][] and ![y]", "[x][y] `code`", "<b>[y]</b>"];

    [Theory, MemberData(nameof(Seeds), MemberType = typeof(FuzzLoop))]
    public void ParseBySections_FilesOfTrickyLines_ReadAsTheWholeFile(int seed)
    {
        var random = new Random(seed);
        var (valid, invalid) = (0, 0);
        for (var i = 0; i < TrickyFiles; i++)
        {
            var lineBreak = random.Next(4) == 0 ? "\r\n" : "\n";
            var lines = new List<string> { "# q" };
            for (var part = random.Next(1, 20); part > 0; part--)
            {
                // Mostly tasks (so that most files are valid queues, whose every title is compared), tricky lines between them.
                if (random.Next(3) > 0) lines.AddRange([$"### t{part}: {Titles[random.Next(Titles.Length)]}", "- run: `true`"]);
                else lines.AddRange(Enumerable.Range(0, random.Next(1, 4)).Select(_ => TrickyLines[random.Next(TrickyLines.Length)]));
            }
            var text = string.Join(lineBreak, lines) + (random.Next(2) == 0 ? lineBreak : "");

            QueueParseResult? result = null;
            var failure = Record.Exception(() => result = SectionedParsing.ParseAsWhole(text));

            Assert.True(failure is null, $"file {i} of seed {seed}:\n{text}\n{failure}");
            (valid, invalid) = result!.IsValid ? (valid + 1, invalid) : (valid, invalid + 1);
        }
        Assert.True(valid > TrickyFiles / 4 && invalid > 0, $"{valid} valid and {invalid} invalid files: the mix should give both");
    }

    private static Verdict Check(byte[] input)
    {
        var sectioned = SectionedParsing.ParseAsWhole(input);
        return sectioned.Queue is null ? Verdict.Refused : Verdict.Accepted;
    }
}
