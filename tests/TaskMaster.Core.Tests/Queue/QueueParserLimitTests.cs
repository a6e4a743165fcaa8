namespace TaskMaster.Core.Tests.Queue;

/// <summary>
/// The limits a run depends on, refused when the file is read (as every other error, with its line)
/// rather than met by the executor as a fault on every attempt.
/// </summary>
public sealed class QueueParserLimitTests
{
    [Fact]
    public void Parse_TaskIdOfTheLongestLength_IsValid()
    {
        var id = new string('a', 200);

        var queue = QueueParsing.Valid($"# q\n\n### {id}: T\n- run: `true`\n");

        Assert.Equal(id, queue.Tasks[0].Id);
    }

    [Fact]
    public void Parse_TaskIdLongerThanAFileNameAllows_RefusedWithItsLineAndTheLimit()
    {
        var id = new string('a', 300);

        var error = QueueParsing.SingleError($"# q\n\n### {id}: T\n- run: `true`\n");

        Assert.Equal(3, error.Line);
        Assert.Contains("is 300 characters long; at most 200", error.Message, StringComparison.Ordinal);
        Assert.Contains("task-queue.md:3: task id `aaaa", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CommandLongerThanAProcessArgument_RefusedWithItsLine()
    {
        var error = QueueParsing.SingleError(QueueParsing.WithTask($"- run: echo {new string('x', 1 << 20)}\n"));

        Assert.Equal(4, error.Line);
        Assert.Contains("its command is 1,048,581 bytes; at most 131,071", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EnvironmentVariableLongerThanAProcessAllows_RefusedWithTheLineOfEnv()
    {
        var error = QueueParsing.SingleError(QueueParsing.WithTask($"- run: `true`\n- env: BIG={new string('x', 140_000)}\n"));

        Assert.Equal(5, error.Line);
        Assert.Contains("`env` variable `BIG` is 140,004 bytes; at most 131,071", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_QueueDefaultEnvironmentTooBigTogether_RefusedForEachTask()
    {
        var variables = string.Join(", ", Enumerable.Range(0, 9).Select(i => $"V{i}={new string('x', 120_000)}"));

        var result = QueueParsing.Parse($"# q\n\n- env: {variables}\n\n### a: A\n- run: `true`\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(5, error.Line);
        Assert.Contains("its command and `env` come to 1,080,031 bytes; at most 1,048,576", error.Message, StringComparison.Ordinal);
    }
}
