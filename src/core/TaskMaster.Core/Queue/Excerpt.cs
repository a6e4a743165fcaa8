namespace TaskMaster.Core.Queue;

/// <summary>Quotes user text in error messages, shortened so that a 1 MB line does not become a 1 MB message.</summary>
internal static class Excerpt
{
    private const int MaxLength = 60;

    /// <summary>The text in backticks, cut to <see cref="MaxLength"/> characters with an ellipsis.</summary>
    public static string Of(string text) =>
        text.Length <= MaxLength ? $"`{text}`" : $"`{text[..MaxLength]}…`";

    /// <summary>The first <paramref name="max"/> items in backticks, then how many more there are.</summary>
    public static string List(IReadOnlyCollection<string> items, int max = 10)
    {
        var shown = string.Join(", ", items.Take(max).Select(Of));
        return items.Count > max ? $"{shown} … and {items.Count - max} more" : shown;
    }
}
