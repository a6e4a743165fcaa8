using TaskMaster.Core.Queue;

namespace TaskMaster.Core.Tests.Queue;

/// <summary>A task's command: a <c>run:</c> field or a fenced script, exactly one of the two.</summary>
public sealed class QueueParserCommandTests
{
    [Fact]
    public void Parse_RunAsCodeSpan_IsTheSpanContent()
    {
        var queue = QueueParsing.Valid(QueueParsing.WithTask("- run: `rm -f *.tmp && echo \"a_b\"`\n"));

        Assert.Equal(new TaskCommand("rm -f *.tmp && echo \"a_b\"", "/bin/sh", 4, IsScript: false), queue.Tasks[0].Command);
    }

    [Fact]
    public void Parse_RunAsDoubleBacktickSpan_KeepsInnerBacktick()
    {
        var queue = QueueParsing.Valid(QueueParsing.WithTask("- run: `` echo `date` ``\n"));

        Assert.Equal("echo `date`", queue.Tasks[0].Command.Text);
    }

    [Fact]
    public void Parse_RunAsPlainText_IsNotMarkdownRendered()
    {
        var queue = QueueParsing.Valid(QueueParsing.WithTask("- run: cat *.txt _a_ **b** > out_file.txt\n"));

        Assert.Equal("cat *.txt _a_ **b** > out_file.txt", queue.Tasks[0].Command.Text);
    }

    [Fact]
    public void Parse_RunWithCodeSpanAndText_IsTheRawSource()
    {
        var queue = QueueParsing.Valid(QueueParsing.WithTask("- run: `make` all\n"));

        Assert.Equal("`make` all", queue.Tasks[0].Command.Text);
    }

    [Fact]
    public void Parse_RunOverTwoLines_IsOneLine()
    {
        var queue = QueueParsing.Valid(QueueParsing.WithTask("- run: make\n  all\n"));

        Assert.Equal("make all", queue.Tasks[0].Command.Text);
    }

    [Fact]
    public void Parse_EmptyCodeSpanRun_ReportsEmptyCommand()
    {
        var error = QueueParsing.SingleError(QueueParsing.WithTask("- run: `  `\n"));

        Assert.Equal(4, error.Line);
        Assert.Contains("the command is empty", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("```", "/bin/sh")]
    [InlineData("```sh", "/bin/sh")]
    [InlineData("```shell", "/bin/sh")]
    [InlineData("~~~bash", "/bin/bash")]
    public void Parse_FencedBlock_RunsWithTheShellOfItsLanguage(string fence, string shell)
    {
        var close = fence[..3];

        var queue = QueueParsing.Valid(QueueParsing.WithTask($"{fence}\necho a\necho b\n{close}\n"));

        Assert.Equal(new TaskCommand("echo a\necho b", shell, 4, IsScript: true), queue.Tasks[0].Command);
    }

    [Fact]
    public void Parse_FencedBlockInOtherLanguage_ReportsSupportedOnes()
    {
        var error = QueueParsing.SingleError(QueueParsing.WithTask("```python\nprint(1)\n```\n"));

        Assert.Equal(4, error.Line);
        Assert.Contains("`python` are not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("```bash", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyFencedBlock_ReportsEmptyScript()
    {
        var error = QueueParsing.SingleError(QueueParsing.WithTask("```sh\n```\n"));

        Assert.Equal(4, error.Line);
        Assert.Contains("empty script", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RunAndFencedBlock_ReportsTwoCommandsWithBothLines()
    {
        var error = QueueParsing.SingleError(QueueParsing.WithTask("- run: `true`\n\n```sh\necho\n```\n"));

        Assert.Equal(6, error.Line);
        Assert.Contains("two commands: `run:` at line 4 and a fenced block at line 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FencedBlockBeforeRun_ReportsTwoCommandsAtTheLaterLine()
    {
        var error = QueueParsing.SingleError(QueueParsing.WithTask("```sh\necho\n```\n- run: `true`\n"));

        Assert.Equal(7, error.Line);
        Assert.Contains("two commands", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TwoFencedBlocks_ReportsTwoCommandsWithBothLines()
    {
        var error = QueueParsing.SingleError(QueueParsing.WithTask("```sh\necho 1\n```\n\n```sh\necho 2\n```\n"));

        Assert.Equal(8, error.Line);
        Assert.Contains("two commands: fenced blocks at lines 4 and 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoCommand_ReportsMissingCommandAtTheTask()
    {
        var error = QueueParsing.SingleError(QueueParsing.WithTask("Just words.\n"));

        Assert.Equal(3, error.Line);
        Assert.Contains("task `t` is missing a command", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_IndentedCodeBlock_IsDescriptionNotCommand()
    {
        var error = QueueParsing.SingleError(QueueParsing.WithTask("\n    echo hi\n"));

        Assert.Contains("missing a command", error.Message, StringComparison.Ordinal);
    }
}
