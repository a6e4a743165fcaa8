namespace TaskMaster.Core.Display;

/// <summary>
/// A value that came from outside (a file, a message, a request) as a refusal names it: quoted, and cut
/// with its length said when long, so that an error names the value without repeating a megabyte of it.
/// </summary>
public static class QuotedValue
{
    /// <summary><c>'value'</c>; <c>'first max characters…' (N characters)</c> when longer; <c>(none)</c> for null.</summary>
    public static string Of(string? value, int max = 64) =>
        value is null ? "(none)"
        : value.Length <= max ? $"'{value}'"
        : $"'{value[..max]}…' ({value.Length:N0} characters)";
}
