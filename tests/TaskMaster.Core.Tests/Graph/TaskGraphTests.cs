using TaskMaster.Core.Graph;
using TaskMaster.Core.Queue;

namespace TaskMaster.Core.Tests.Graph;

public sealed class TaskGraphTests
{
    /// <summary>a ← b, a ← c, (b, c) ← d, and e alone.</summary>
    private static readonly TaskGraph Diamond = TaskGraph.Build(Queue(("a", []), ("b", ["a"]), ("c", ["a"]), ("d", ["b", "c"]), ("e", [])));

    private static QueueDefinition Queue(params (string Id, string[] DependsOn)[] tasks) =>
        new("q", "", "/q.md", null, [],
            tasks.Select(t => new TaskDefinition { Id = t.Id, Title = t.Id, Command = new TaskCommand("true", "/bin/sh", 1, false), DependsOn = t.DependsOn }).ToArray(),
            "");

    private static TaskGraph Chain(int length) =>
        TaskGraph.Build(Queue(Enumerable.Range(0, length).Select(i => ($"t{i}", i == 0 ? Array.Empty<string>() : [$"t{i - 1}"])).ToArray()));

    [Fact]
    public void Count_IsTheNumberOfTasks()
    {
        Assert.Equal(5, Diamond.Count);
    }

    [Fact]
    public void IndexOf_KnownId_IsItsPositionInTheQueue()
    {
        Assert.Equal(3, Diamond.IndexOf("d"));
    }

    [Fact]
    public void IndexOf_UnknownId_Throws()
    {
        Assert.Throws<KeyNotFoundException>(() => Diamond.IndexOf("zz"));
    }

    [Fact]
    public void TryGetIndex_UnknownId_ReturnsFalse()
    {
        Assert.False(Diamond.TryGetIndex("zz", out _));
    }

    [Fact]
    public void TryGetIndex_KnownId_ReturnsIndex()
    {
        Assert.True(Diamond.TryGetIndex("b", out var index));
        Assert.Equal(1, index);
    }

    [Fact]
    public void IdOf_Index_ReturnsTheId()
    {
        Assert.Equal("c", Diamond.IdOf(2));
    }

    [Fact]
    public void DependenciesOf_Task_ListsThemInDependsOrder()
    {
        Assert.Equal([1, 2], Diamond.DependenciesOf(3).ToArray());
    }

    [Fact]
    public void DependentsOf_Task_ListsThemInTaskOrder()
    {
        Assert.Equal([1, 2], Diamond.DependentsOf(0).ToArray());
    }

    [Fact]
    public void DependenciesOf_RepeatedDependency_CountsOnce()
    {
        var graph = TaskGraph.Build(Queue(("a", []), ("b", ["a", "a"])));

        Assert.Equal([0], graph.DependenciesOf(1).ToArray());
    }

    [Fact]
    public void TransitiveDependents_Diamond_ListsEachOnceNearestFirst()
    {
        Assert.Equal([1, 2, 3], Diamond.TransitiveDependents(0));
    }

    [Fact]
    public void TransitiveDependents_Leaf_IsEmpty()
    {
        Assert.Empty(Diamond.TransitiveDependents(4));
    }

    [Fact]
    public void TransitiveDependents_HundredThousandLongChain_ReachesTheEnd()
    {
        var graph = Chain(100_000);

        var dependents = graph.TransitiveDependents(0);

        Assert.Equal(99_999, dependents.Count);
        Assert.Equal(99_999, dependents[^1]);
    }

    [Fact]
    public void TopologicalOrder_Diamond_PutsDependenciesFirst()
    {
        Assert.Equal([0, 4, 1, 2, 3], Diamond.TopologicalOrder());
    }

    [Fact]
    public void TopologicalOrder_DependencyDeclaredLater_ComesFirst()
    {
        var graph = TaskGraph.Build(Queue(("b", ["a"]), ("a", [])));

        Assert.Equal([1, 0], graph.TopologicalOrder());
    }

    [Fact]
    public void TopologicalOrder_HundredThousandLongChain_IsTheChain()
    {
        var order = Chain(100_000).TopologicalOrder();

        Assert.Equal(Enumerable.Range(0, 100_000), order);
    }

    [Fact]
    public void TopologicalOrder_Cycle_Throws()
    {
        var graph = TaskGraph.Build(Queue(("a", ["b"]), ("b", ["a"])));

        Assert.Throws<InvalidOperationException>(() => graph.TopologicalOrder());
    }

    [Fact]
    public void Build_UnknownDependency_Throws()
    {
        Assert.Throws<ArgumentException>(() => TaskGraph.Build(Queue(("a", ["zz"]))));
    }

    [Fact]
    public void Build_DuplicateId_Throws()
    {
        Assert.Throws<ArgumentException>(() => TaskGraph.Build(Queue(("a", []), ("a", []))));
    }

    [Fact]
    public void Build_ParsedQueue_FollowsItsDependencies()
    {
        var queue = QueueParser.Parse("# q\n\n### a: A\n- run: `true`\n\n### b: B\n- run: `true`\n- depends: a\n", "/q.md").Queue!;

        var graph = TaskGraph.Build(queue);

        Assert.Equal([graph.IndexOf("a")], graph.DependenciesOf(graph.IndexOf("b")).ToArray());
    }
}
