using System.Globalization;

namespace TaskMaster.Core.Queue;

/// <summary>A process exit code as written in <c>retry-on</c> and <c>success</c>: 0 to 255.</summary>
internal static class ExitCode
{
    public const string Expected = "an exit code from 0 to 255";

    public static bool TryParse(ReadOnlySpan<char> text, out int code) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out code) && code <= 255;
}
