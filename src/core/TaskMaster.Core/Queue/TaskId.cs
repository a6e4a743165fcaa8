namespace TaskMaster.Core.Queue;

/// <summary>
/// The task id syntax: <c>[A-Za-z0-9][A-Za-z0-9._-]*</c>, at most <see cref="MaxLength"/> characters.
/// An id names the task's files in the home (<c>&lt;id&gt;.log</c>, <c>&lt;id&gt;.state</c>, <c>&lt;id&gt;.pgid</c>),
/// so it must make a file name on every file system the home may be on. Run ids follow the same rule.
/// </summary>
public static class TaskId
{
    /// <summary>
    /// The longest id: a file name may have 255 bytes, and the executor adds suffixes of its own
    /// (<c>.state</c>, <c>.log</c>, the temporary names of atomic writes), so 55 are left for them.
    /// </summary>
    public const int MaxLength = 200;

    public const string Expected = "an id starts with a letter or digit and continues with letters, digits, `.`, `_` or `-`";

    /// <summary>True when <paramref name="id"/> has the syntax (its length is checked apart: see <see cref="TooLong"/>).</summary>
    public static bool IsValid(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty || !char.IsAsciiLetterOrDigit(id[0])) return false;
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-')) return false;
        }
        return true;
    }

    public static bool TooLong(ReadOnlySpan<char> id) => id.Length > MaxLength;
}
