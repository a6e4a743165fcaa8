using System.Text;
using TaskMaster.Core.Queue;

namespace TaskMaster.Core.Tests.Queue;

/// <summary>Large, odd and hostile input: it parses or is refused with an error, never crashes.</summary>
public sealed class QueueParserRobustnessTests
{
    private const int Many = 100_000;

    [Fact]
    public void Parse_HundredThousandTaskChain_ParsesEveryOne()
    {
        var text = new StringBuilder("# big\n\n");
        for (var i = 0; i < Many; i++)
            text.Append($"### t{i}: Task {i}\n- run: `echo {i}`\n- depends: {(i == 0 ? "none" : $"t{i - 1}")}\n\n");

        var queue = QueueParsing.Valid(text.ToString());

        Assert.Equal(Many, queue.Tasks.Count);
        Assert.Equal([$"t{Many - 2}"], queue.Tasks[^1].DependsOn);
    }

    [Fact]
    public void Parse_HundredThousandLongCycle_ReportsItOnce()
    {
        var text = new StringBuilder("# ring\n\n");
        for (var i = 0; i < Many; i++)
            text.Append($"### t{i}: Task\n- run: `true`\n- depends: t{(i + 1) % Many}\n");

        var result = QueueParsing.Parse(text.ToString());

        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.StartsWith("dependency cycle: t0 -> t1 -> t2 -> ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"t{Many - 1} -> t0 (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LongLineInRun_KeepsItWhole()
    {
        var command = "echo " + new string('x', 100_000);

        var queue = QueueParsing.Valid(QueueParsing.WithTask($"- run: {command}\n"));

        Assert.Equal(command, queue.Tasks[0].Command.Text);
    }

    [Fact]
    public void Parse_MegabyteLineInDescription_KeepsItWhole()
    {
        var paragraph = new string('y', 1 << 20);

        var queue = QueueParsing.Valid(QueueParsing.WithTask($"{paragraph}\n- run: `true`\n"));

        Assert.Equal(paragraph, queue.Tasks[0].Description);
    }

    [Fact]
    public void Parse_MegabyteBadValue_ShortensItInTheError()
    {
        var error = QueueParsing.SingleError(QueueParsing.WithTask($"- run: `true`\n- retries: {new string('9', 1 << 20)}\n"));

        Assert.Equal(5, error.Line);
        Assert.True(error.Message.Length < 200, $"message of {error.Message.Length} characters");
    }

    [Fact]
    public void Parse_CrLfLineEndings_KeepsLineNumbers()
    {
        var text = "# q\r\n\r\n### t: T\r\n- run: `true`\r\n- retries: many\r\n";

        var error = QueueParsing.SingleError(text);

        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void Parse_CrLfLineEndings_LeavesNoCarriageReturnInValues()
    {
        var queue = QueueParsing.Valid("# q\r\n\r\n### t: T\r\n- run: echo hi\r\n- workdir: out\r\n");

        Assert.Equal("echo hi", queue.Tasks[0].Command.Text);
        Assert.Equal("out", queue.Tasks[0].WorkingDirectory);
    }

    [Fact]
    public void Parse_CrLfScript_HasUnixLineEnds()
    {
        var queue = QueueParsing.Valid("# q\r\n\r\n### t: T\r\n```sh\r\necho a\r\necho b\r\n```\r\n");

        Assert.Equal("echo a\necho b", queue.Tasks[0].Command.Text);
    }

    [Fact]
    public void Parse_ByteOrderMark_IsNotPartOfTheName()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("# q\n\n### t: T\n- run: `true`\n")).ToArray();

        var result = QueueParser.Parse(bytes, QueueParsing.SourcePath);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal("q", result.Queue!.Name);
    }

    [Fact]
    public void Parse_ByteOrderMark_IsPartOfTheHash()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("# q\n\n### t: T\n- run: `true`\n")).ToArray();

        var result = QueueParser.Parse(bytes, QueueParsing.SourcePath);

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), result.Queue!.ContentHash);
    }

    [Fact]
    public void Parse_InvalidUtf8_ReportsLineOfFirstBadByte()
    {
        byte[] bytes = [.. "# q\n\n### t: T\n- run: echo "u8, 0xC3, 0x28, .. "\n- retries: 1\n"u8];

        var result = QueueParser.Parse(bytes, QueueParsing.SourcePath, QueueParsing.FileName);

        var error = Assert.Single(result.Errors);
        Assert.Equal(4, error.Line);
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidUtf8_StillReportsOtherErrors()
    {
        byte[] bytes = [.. "# q\n\n### t: T\n- run: echo "u8, 0xFF, .. "\n- retries: lots\n"u8];

        var result = QueueParser.Parse(bytes, QueueParsing.SourcePath, QueueParsing.FileName);

        Assert.Equal([4, 5], result.Errors.Select(e => e.Line));
    }

    [Theory]
    [InlineData(">")]
    [InlineData("> ")]
    [InlineData("- ")]
    [InlineData("1. ")]
    public void Parse_HundredThousandNestedContainersOnOneLine_ReportsTooDeepAtThatLine(string marker)
    {
        var text = $"# q\n\n{string.Concat(Enumerable.Repeat(marker, Many))}deep\n";

        var error = QueueParsing.SingleError(text);

        Assert.Equal(3, error.Line);
        Assert.Contains("nested", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ListsNestedByIndentation_ReportsTooDeep()
    {
        var text = "# q\n\n" + string.Concat(Enumerable.Range(0, 200).Select(i => new string(' ', 2 * i) + "- level\n"));

        var error = QueueParsing.SingleError(text);

        Assert.Contains("nested too deeply", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*", "*")]
    [InlineData("**a ", " b**")]
    [InlineData("[", "](u)")]
    public void Parse_HundredThousandNestedInlines_ReportsTooDeep(string open, string close)
    {
        var description = string.Concat(Enumerable.Repeat(open, Many)) + "x" + string.Concat(Enumerable.Repeat(close, Many));

        var result = QueueParsing.Parse(QueueParsing.WithTask($"{description}\n- run: `true`\n"));

        var error = Assert.Single(result.Errors);
        Assert.Contains("nested too deeply", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ModeratelyNestedQuotes_AreDescription()
    {
        var queue = QueueParsing.Valid(QueueParsing.WithTask("> > > quoted\n\n- run: `true`\n"));

        Assert.Equal("quoted", queue.Tasks[0].Description);
    }
}
