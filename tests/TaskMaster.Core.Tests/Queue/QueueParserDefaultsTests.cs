namespace TaskMaster.Core.Tests.Queue;

/// <summary>Bullets under the queue heading: defaults for every task that does not set the key.</summary>
public sealed class QueueParserDefaultsTests
{
    [Fact]
    public void Parse_QueueDefault_AppliesToTaskWithoutTheKey()
    {
        var queue = QueueParsing.Valid("# q\n- retries: 4\n- env: A=1\n\n### t: T\n- run: `true`\n");

        Assert.Equal(4, queue.Tasks[0].Retries);
        Assert.Equal([new("A", "1")], queue.Tasks[0].Environment);
    }

    [Fact]
    public void Parse_TaskValue_ReplacesTheDefaultEntirely()
    {
        var queue = QueueParsing.Valid("# q\n- resources: cpu=4, memory=1Gi\n- env: A=1\n\n### t: T\n- run: `true`\n- resources: memory=2Gi\n- env: B=2\n");

        Assert.Equal(new TaskMaster.Core.Queue.ResourceRequest(1, 2L << 30), queue.Tasks[0].Resources);
        Assert.Equal([new("B", "2")], queue.Tasks[0].Environment);
    }

    [Fact]
    public void Parse_Concurrency_IsTheQueueSetting()
    {
        var queue = QueueParsing.Valid("# q\n- concurrency: 8\n\n### t: T\n- run: `true`\n");

        Assert.Equal(8, queue.Concurrency);
    }

    [Fact]
    public void Parse_NoConcurrency_IsNull()
    {
        Assert.Null(QueueParsing.Valid("# q\n\n### t: T\n- run: `true`\n").Concurrency);
    }

    [Theory]
    [InlineData("concurrency: 0")]
    [InlineData("concurrency: many")]
    public void Parse_ConcurrencyNotPositive_ReportsIt(string field)
    {
        var error = QueueParsing.SingleError($"# q\n- {field}\n");

        Assert.Equal(2, error.Line);
        Assert.Contains("is not a whole number of tasks greater than 0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run: `true`", "`run` cannot be a queue default")]
    [InlineData("depends: a", "`depends` cannot be a queue default")]
    [InlineData("status: done", "`status` cannot be a queue default")]
    public void Parse_TaskOnlyKeyAsDefault_ReportsIt(string field, string expected)
    {
        var error = QueueParsing.SingleError($"# q\n- {field}\n");

        Assert.Equal(2, error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DefaultSetTwice_ReportsBothLines()
    {
        var error = QueueParsing.SingleError("# q\n- retries: 1\n- retries: 2\n");

        Assert.Contains("`retries` is set twice (lines 2 and 3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DefaultsAfterDescription_AreStillDefaults()
    {
        var queue = QueueParsing.Valid("# q\n\nNightly.\n\n- timeout: 5m\n\n### t: T\n- run: `true`\n");

        Assert.Equal(TimeSpan.FromMinutes(5), queue.Tasks[0].Timeout);
    }

    [Fact]
    public void Parse_UnknownDefaultKey_SuggestsTheNearest()
    {
        var error = QueueParsing.SingleError("# q\n- concurency: 2\n");

        Assert.StartsWith("unknown key `concurency`; did you mean `concurrency`?", error.Message, StringComparison.Ordinal);
    }
}
