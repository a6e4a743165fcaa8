namespace TaskMaster.Core.Queue;

/// <summary>The task id syntax: <c>[A-Za-z0-9][A-Za-z0-9._-]*</c>.</summary>
public static class TaskId
{
    public const string Expected = "an id starts with a letter or digit and continues with letters, digits, `.`, `_` or `-`";

    public static bool IsValid(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty || !char.IsAsciiLetterOrDigit(id[0])) return false;
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-')) return false;
        }
        return true;
    }
}
