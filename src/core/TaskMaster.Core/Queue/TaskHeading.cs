using System.Diagnostics.CodeAnalysis;

namespace TaskMaster.Core.Queue;

/// <summary>Splits a <c>### &lt;id&gt;: &lt;title&gt;</c> heading's source text into the id and where the title starts.</summary>
internal static class TaskHeading
{
    private const string Example = "`### <id>: <title>`, e.g. `### build: Build the report`";

    /// <param name="source">The heading's text as written, without the <c>###</c>.</param>
    /// <param name="id">The task id.</param>
    /// <param name="titleStart">Index in <paramref name="source"/> just after the colon.</param>
    /// <param name="error">What is wrong with the heading.</param>
    public static bool TryParse(string source, [NotNullWhen(true)] out string? id, out int titleStart, [NotNullWhen(false)] out string? error)
    {
        id = null;
        titleStart = 0;
        var colon = source.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            error = $"the task heading {Excerpt.Of(source)} has no `id:`; a task heading is {Example}";
            return false;
        }
        var candidate = source[..colon].Trim();
        if (!TaskId.IsValid(candidate))
        {
            error = $"{Excerpt.Of(candidate)} is not a valid task id: {TaskId.Expected}; a task heading is {Example}";
            return false;
        }
        if (TaskId.TooLong(candidate))
        {
            error = $"task id {Excerpt.Of(candidate)} is {candidate.Length} characters long; at most {TaskId.MaxLength}: " +
                    "it names the task's files in the home (its log, its state file)";
            return false;
        }
        if (string.IsNullOrWhiteSpace(source[(colon + 1)..]))
        {
            error = $"task `{candidate}` has no title; a task heading is {Example}";
            return false;
        }
        id = candidate;
        titleStart = colon + 1;
        error = null;
        return true;
    }
}
