namespace TaskMaster.Core.Queue;

/// <summary>Splits <c>name=value</c> pairs as <c>resources</c> and <c>env</c> write them.</summary>
internal static class KeyValueText
{
    /// <summary>The trimmed name and value around the first <c>=</c>; the value is null when there is no <c>=</c>.</summary>
    public static (string Name, string? Value) Split(string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (pair.Trim(), null) : (pair[..equals].Trim(), pair[(equals + 1)..].Trim());
    }
}
