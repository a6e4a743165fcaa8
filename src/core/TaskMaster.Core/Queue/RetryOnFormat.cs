using System.Diagnostics.CodeAnalysis;

namespace TaskMaster.Core.Queue;

/// <summary>The <c>retry-on</c> value: comma-separated <c>exit N</c> (several codes allowed), <c>timeout</c>, <c>signal</c>.</summary>
internal static class RetryOnFormat
{
    public const string Expected = "comma-separated `exit N` (e.g. `exit 75, exit 76` or `exit 75 76`), `timeout`, `signal`";

    public static bool TryParse(string text, [NotNullWhen(true)] out RetryOn? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        var exitCodes = new HashSet<int>();
        bool timeout = false, signal = false;
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var words = item.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            switch (words)
            {
                case ["timeout"]:
                    timeout = true;
                    break;
                case ["signal"]:
                    signal = true;
                    break;
                case ["exit", .. var codes] when codes.Length > 0:
                    foreach (var code in codes)
                    {
                        if (!ExitCode.TryParse(code, out var parsed))
                        {
                            error = $"{Excerpt.Of(code)} is not {ExitCode.Expected}";
                            return false;
                        }
                        exitCodes.Add(parsed);
                    }
                    break;
                default:
                    error = item.Length == 0 ? $"empty entry; expected {Expected}" : $"{Excerpt.Of(item)} is not a failure kind; expected {Expected}";
                    return false;
            }
        }
        value = new RetryOn(exitCodes, timeout, signal);
        error = null;
        return true;
    }
}
