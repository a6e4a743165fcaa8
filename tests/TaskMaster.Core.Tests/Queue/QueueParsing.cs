using TaskMaster.Core.Queue;

namespace TaskMaster.Core.Tests.Queue;

/// <summary>Parses test queues under a fixed name and unwraps the outcome the test expects.</summary>
internal static class QueueParsing
{
    public const string FileName = "task-queue.md";
    public const string SourcePath = "/queues/task-queue.md";

    public static QueueParseResult Parse(string text) => QueueParser.Parse(text, SourcePath, FileName);

    /// <summary>The queue, failing the test with every error when the text does not parse.</summary>
    public static QueueDefinition Valid(string text)
    {
        var result = Parse(text);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Queue!;
    }

    /// <summary>The one error the text has, failing the test when it has none or several.</summary>
    public static QueueError SingleError(string text)
    {
        var result = Parse(text);
        Assert.Null(result.Queue);
        return Assert.Single(result.Errors);
    }

    /// <summary>A queue around one task body: <c># q</c>, then <c>### t: T</c> at line 3, then the body from line 4.</summary>
    public static string WithTask(string body) => $"# q\n\n### t: T\n{body}";
}
