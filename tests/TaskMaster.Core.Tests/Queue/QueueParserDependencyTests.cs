namespace TaskMaster.Core.Tests.Queue;

/// <summary>Dependencies name existing tasks and form no cycle.</summary>
public sealed class QueueParserDependencyTests
{
    private static string Task(string id, string depends) => $"### {id}: {id}\n- run: `true`\n- depends: {depends}\n\n";

    [Fact]
    public void Parse_DiamondDependencies_AreValid()
    {
        var queue = QueueParsing.Valid("# q\n\n" + Task("a", "none") + Task("b", "a") + Task("c", "a") + Task("d", "b, c"));

        Assert.Equal(["b", "c"], queue.Tasks[3].DependsOn);
    }

    [Fact]
    public void Parse_DependencyDeclaredLater_IsValid()
    {
        var queue = QueueParsing.Valid("# q\n\n" + Task("b", "a") + Task("a", "none"));

        Assert.Equal(["a"], queue.Tasks[0].DependsOn);
    }

    [Fact]
    public void Parse_UnknownDependency_NamesNearestIdAndExistingIds()
    {
        var error = QueueParsing.SingleError("# q\n\n" + Task("fetch", "none") + Task("build", "fecth"));

        Assert.Equal(9, error.Line);
        Assert.Equal("task `build` depends on `fecth`, which is not a task in this file; did you mean `fetch`? ids that exist: `fetch`, `build`", error.Message);
    }

    [Fact]
    public void Parse_UnknownDependencyAmongManyIds_CapsTheList()
    {
        var text = "# q\n\n" + string.Concat(Enumerable.Range(0, 25).Select(i => Task($"t{i}", "none"))) + Task("last", "t99");

        var error = QueueParsing.SingleError(text);

        Assert.EndsWith("`t8`, `t9` … and 16 more", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SelfDependency_ReportsCycleOfOne()
    {
        var error = QueueParsing.SingleError("# q\n\n" + Task("a", "a"));

        Assert.Equal(3, error.Line);
        Assert.StartsWith("dependency cycle: a -> a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DependencyCycle_ReportsWholeCycleAtItsFirstTask()
    {
        var error = QueueParsing.SingleError("# q\n\n" + Task("x", "none") + Task("a", "c") + Task("b", "a") + Task("c", "b"));

        Assert.Equal(7, error.Line);
        Assert.Equal("dependency cycle: a -> c -> b -> a (each task depends on the next)", error.Message);
    }

    [Fact]
    public void Parse_TwoSeparateCycles_ReportsEach()
    {
        var result = QueueParsing.Parse("# q\n\n" + Task("a", "b") + Task("b", "a") + Task("c", "d") + Task("d", "c"));

        Assert.Equal(
            ["dependency cycle: a -> b -> a", "dependency cycle: c -> d -> c"],
            result.Errors.Select(e => e.Message[..e.Message.IndexOf(" (", StringComparison.Ordinal)]));
    }

    [Fact]
    public void Parse_TangledCycles_ReportsOneErrorNamingEveryTaskCaught()
    {
        var error = QueueParsing.SingleError("# q\n\n" + Task("a", "b") + Task("b", "a, c") + Task("c", "b"));

        Assert.Equal("dependency cycle: a -> b -> a (each task depends on the next); also caught in it: `c`", error.Message);
    }
}
