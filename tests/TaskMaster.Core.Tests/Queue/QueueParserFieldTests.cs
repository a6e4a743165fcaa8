using TaskMaster.Core.Queue;

namespace TaskMaster.Core.Tests.Queue;

/// <summary>Each task field: how its value is read, and the error for a wrong one (always at the field's line, 5).</summary>
public sealed class QueueParserFieldTests
{
    private static TaskDefinition TaskWith(string field) =>
        QueueParsing.Valid(QueueParsing.WithTask($"- run: `true`\n- {field}\n")).Tasks[0];

    private static QueueError ErrorFor(string field)
    {
        var error = QueueParsing.SingleError(QueueParsing.WithTask($"- run: `true`\n- {field}\n"));
        Assert.Equal(5, error.Line);
        return error;
    }

    [Fact]
    public void Parse_DependsList_KeepsOrderAndDropsRepeats()
    {
        var queue = QueueParsing.Valid("# q\n\n### a: A\n- run: `true`\n### b: B\n- run: `true`\n### c: C\n- run: `true`\n- depends: b, a,b\n");

        Assert.Equal(["b", "a"], queue.Tasks[2].DependsOn);
    }

    [Fact]
    public void Parse_DependsNone_IsEmpty()
    {
        Assert.Empty(TaskWith("depends: none").DependsOn);
    }

    [Theory]
    [InlineData("depends: a b", "`a b` is not a task id")]
    [InlineData("depends: a,,b", "an entry is empty")]
    public void Parse_DependsMalformed_ReportsExpectedIds(string field, string expected)
    {
        var error = ErrorFor(field);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("comma-separated task ids, or `none`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Retries_IsRead()
    {
        Assert.Equal(3, TaskWith("retries: 3").Retries);
    }

    [Theory]
    [InlineData("retries: -1")]
    [InlineData("retries: two")]
    [InlineData("retries: 1.5")]
    public void Parse_RetriesNotAWholeNumber_ReportsIt(string field)
    {
        Assert.Contains("is not a whole number of attempts, 0 or more", ErrorFor(field).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RetryBackoff_IsADuration()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1500), TaskWith("retry-backoff: 1.5s").RetryBackoff);
    }

    [Theory]
    [InlineData("exit 75, exit 76", new[] { 75, 76 }, false, false)]
    [InlineData("exit 75 76", new[] { 75, 76 }, false, false)]
    [InlineData("timeout", new int[0], true, false)]
    [InlineData("signal, exit 1", new[] { 1 }, false, true)]
    [InlineData("exit 3, timeout, signal", new[] { 3 }, true, true)]
    public void Parse_RetryOn_ReplacesTheDefault(string value, int[] exitCodes, bool timeout, bool signal)
    {
        Assert.Equal(new RetryOn(exitCodes.ToHashSet(), timeout, signal), TaskWith($"retry-on: {value}").RetryOn);
    }

    [Theory]
    [InlineData("retry-on: exit", "`exit` is not a failure kind")]
    [InlineData("retry-on: exit 75, 76", "`76` is not a failure kind")]
    [InlineData("retry-on: exit 300", "`300` is not an exit code from 0 to 255")]
    [InlineData("retry-on: crash", "`crash` is not a failure kind")]
    public void Parse_RetryOnMalformed_ReportsExpectedKinds(string field, string expected)
    {
        Assert.Contains(expected, ErrorFor(field).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Timeout_IsADuration()
    {
        Assert.Equal(new TimeSpan(1, 30, 0), TaskWith("timeout: 1h30m").Timeout);
    }

    [Theory]
    [InlineData("retry-backoff: 0")]
    [InlineData("estimate: 0")]
    [InlineData("retry-backoff: 0s")]
    public void Parse_BareZeroWhereZeroIsAllowed_IsZero(string field)
    {
        var task = TaskWith(field);

        Assert.Equal(TimeSpan.Zero, field.StartsWith("estimate", StringComparison.Ordinal) ? task.Estimate : task.RetryBackoff);
    }

    [Theory]
    [InlineData("timeout: 0s")]
    [InlineData("timeout: 0")]
    [InlineData("timeout: 10")]
    [InlineData("timeout: soon")]
    public void Parse_TimeoutNotAPositiveDuration_ReportsIt(string field)
    {
        Assert.Contains("is not a duration such as", ErrorFor(field).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Estimate_IsADuration()
    {
        Assert.Equal(TimeSpan.FromDays(1), TaskWith("estimate: 1d").Estimate);
    }

    [Theory]
    [InlineData("cpu=2, memory=2Gi", 2.0, 2L << 30)]
    [InlineData("memory=500M", 1.0, 500_000_000L)]
    [InlineData("cpu=0.25", 0.25, 0L)]
    public void Parse_Resources_LeftOutPartsKeepTheirDefault(string value, double cpu, long memory)
    {
        Assert.Equal(new ResourceRequest(cpu, memory), TaskWith($"resources: {value}").Resources);
    }

    [Theory]
    [InlineData("resources: cpu=0", "greater than 0")]
    [InlineData("resources: cpu=lots", "is not a number of cores")]
    [InlineData("resources: memory=2GB", "is not a size such as")]
    [InlineData("resources: gpu=1", "`gpu=1` is not a resource")]
    [InlineData("resources: cpu=1, cpu=2", "`cpu` is given twice")]
    public void Parse_ResourcesMalformed_ReportsIt(string field, string expected)
    {
        Assert.Contains(expected, ErrorFor(field).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Env_KeepsFileOrderAndEqualsInValues()
    {
        Assert.Equal([new("B_1", "x=y"), new("_A", "")], TaskWith("env: B_1=x=y, _A=").Environment);
    }

    [Theory]
    [InlineData("env: 1A=x", "`1A=x` is not a variable")]
    [InlineData("env: NAME", "`NAME` is not a variable")]
    [InlineData("env: A=1, A=2", "`A` is set twice")]
    public void Parse_EnvMalformed_ReportsIt(string field, string expected)
    {
        Assert.Contains(expected, ErrorFor(field).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Workdir_IsTheTextAsWritten()
    {
        Assert.Equal("build/my_out_dir/*", TaskWith("workdir: build/my_out_dir/*").WorkingDirectory);
    }

    [Fact]
    public void Parse_Success_ReadsEveryCriterion()
    {
        var success = TaskWith("success: exit 0,3; file out/a_b.csv; stdout contains all *done*").Success;

        Assert.Equal(new SuccessCriteria(new HashSet<int> { 0, 3 }, ["out/a_b.csv"], ["all *done*"]), success);
    }

    [Fact]
    public void Parse_SuccessWithoutExit_RequiresExitZero()
    {
        Assert.Equal(new HashSet<int> { 0 }, TaskWith("success: file out.txt").Success.ExitCodes);
    }

    [Theory]
    [InlineData("success: exit ok", "`ok` is not an exit code")]
    [InlineData("success: file", "`file` is not a criterion")]
    [InlineData("success: it works", "`it works` is not a criterion")]
    public void Parse_SuccessMalformed_ReportsExpectedCriteria(string field, string expected)
    {
        var error = ErrorFor(field);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CheckpointAfter_IsSet()
    {
        Assert.True(TaskWith("checkpoint: after").CheckpointAfter);
    }

    [Theory]
    [InlineData("checkpoint: before", "is not one of `after`")]
    [InlineData("critical: yes", "is not one of `true`, `false`")]
    [InlineData("status: skipped", "is not one of `done`, `pending`")]
    public void Parse_WordFieldWithOtherWord_ReportsTheAllowedWords(string field, string expected)
    {
        Assert.Contains(expected, ErrorFor(field).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void Parse_Critical_IsRead(string value, bool expected)
    {
        Assert.Equal(expected, TaskWith($"critical: {value}").Critical);
    }

    [Theory]
    [InlineData("done", true)]
    [InlineData("pending", false)]
    public void Parse_Status_IsRead(string value, bool alreadyDone)
    {
        Assert.Equal(alreadyDone, TaskWith($"status: {value}").AlreadyDone);
    }

    [Fact]
    public void Parse_FieldValueOverTwoLines_IsJoinedBySpace()
    {
        Assert.Equal("a b", TaskWith("workdir: a\n  b").WorkingDirectory);
    }

    [Fact]
    public void Parse_FieldWithoutValue_ReportsIt()
    {
        Assert.Contains("`retries` has no value", ErrorFor("retries:").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FieldSetTwice_ReportsBothLines()
    {
        var error = QueueParsing.SingleError(QueueParsing.WithTask("- run: `true`\n- retries: 1\n- timeout: 1s\n- retries: 2\n"));

        Assert.Equal(7, error.Line);
        Assert.Contains("`retries` is set twice (lines 5 and 7)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RunSetTwice_ReportsBothLines()
    {
        var error = QueueParsing.SingleError(QueueParsing.WithTask("- run: `a`\n- run: `b`\n"));

        Assert.Contains("`run` is set twice (lines 4 and 5)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MisspeltKey_SuggestsTheNearestAndListsKnownKeys()
    {
        var error = ErrorFor("retrys: 3");

        Assert.StartsWith("unknown key `retrys`; did you mean `retries`? known keys: run, depends, retries,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnrelatedUnknownKey_MakesNoSuggestion()
    {
        var error = ErrorFor("colour: blue");

        Assert.StartsWith("unknown key `colour`; known keys: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ConcurrencyOnTask_ReportsItIsAQueueSetting()
    {
        Assert.Contains("`concurrency` is a queue setting", ErrorFor("concurrency: 2").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ContentNestedUnderField_ReportsIt()
    {
        var error = QueueParsing.SingleError(QueueParsing.WithTask("- run: `true`\n- retries: 2\n\n  more words\n"));

        Assert.Equal(7, error.Line);
        Assert.Contains("`retries:` is a one-line field", error.Message, StringComparison.Ordinal);
    }
}
