using System.Diagnostics.CodeAnalysis;

namespace TaskMaster.Core.Queue;

/// <summary>
/// The <c>success</c> value: <c>;</c>-separated <c>exit N[,M…]</c>, <c>file &lt;path&gt;</c>, <c>stdout contains &lt;text&gt;</c>.
/// Without an <c>exit</c> criterion, exit 0 is required.
/// </summary>
internal static class SuccessCriteriaFormat
{
    public const string Expected = "`;`-separated `exit N[,M…]`, `file <path>`, `stdout contains <text>`";

    private const string FilePrefix = "file ";
    private const string StdoutPrefix = "stdout contains ";
    private const string ExitPrefix = "exit ";

    public static bool TryParse(string text, [NotNullWhen(true)] out SuccessCriteria? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        var exitCodes = new HashSet<int>();
        var files = new List<string>();
        var stdout = new List<string>();
        foreach (var criterion in text.Split(';', StringSplitOptions.TrimEntries))
        {
            if (TryTake(criterion, FilePrefix, out var path)) files.Add(path);
            else if (TryTake(criterion, StdoutPrefix, out var expected)) stdout.Add(expected);
            else if (TryTake(criterion, ExitPrefix, out var codes))
            {
                foreach (var code in codes.Split(',', StringSplitOptions.TrimEntries))
                {
                    if (!ExitCode.TryParse(code, out var parsed))
                    {
                        error = $"{Excerpt.Of(code)} is not {ExitCode.Expected}";
                        return false;
                    }
                    exitCodes.Add(parsed);
                }
            }
            else
            {
                error = criterion.Length == 0 ? $"empty criterion; expected {Expected}" : $"{Excerpt.Of(criterion)} is not a criterion; expected {Expected}";
                return false;
            }
        }
        value = new SuccessCriteria(exitCodes.Count > 0 ? exitCodes : SuccessCriteria.Default.ExitCodes, files, stdout);
        return true;
    }

    private static bool TryTake(string criterion, string prefix, out string rest)
    {
        rest = criterion.StartsWith(prefix, StringComparison.Ordinal) ? criterion[prefix.Length..].Trim() : "";
        return rest.Length > 0;
    }
}
