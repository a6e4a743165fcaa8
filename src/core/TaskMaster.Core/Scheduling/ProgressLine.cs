using System.Globalization;

namespace TaskMaster.Core.Scheduling;

/// <summary>
/// The <c>::progress &lt;percent&gt; [message]</c> line a task prints on stdout to report its progress
/// (see "What a running task sees" in the queue format).
/// </summary>
public static class ProgressLine
{
    /// <summary>The marker a progress line starts with.</summary>
    public const string Marker = "::progress";

    private static readonly char[] WhiteSpace = [' ', '\t'];

    /// <summary>
    /// Reads a stdout line as a progress line. Leading and trailing white space is ignored, the
    /// percent is a number (an optional trailing <c>%</c> is accepted) clamped to 0–100, and the
    /// rest of the line, trimmed, is the message.
    /// </summary>
    /// <param name="line">One line of the task's stdout, without its line break.</param>
    /// <param name="percent">The progress, 0 to 100, when the line is a progress line.</param>
    /// <param name="message">The message, or null when there is none.</param>
    /// <returns>True when the line is a progress line; false when it is ordinary output.</returns>
    public static bool TryParse(string line, out double percent, out string? message)
    {
        ArgumentNullException.ThrowIfNull(line);
        percent = 0;
        message = null;

        var rest = line.AsSpan().Trim();
        if (!rest.StartsWith(Marker, StringComparison.Ordinal)) return false;
        rest = rest[Marker.Length..];
        // "::progressive 5" is ordinary output: the marker must stand alone.
        if (rest.IsEmpty || !char.IsWhiteSpace(rest[0])) return false;
        rest = rest.TrimStart();

        var end = rest.IndexOfAny(WhiteSpace);
        var number = end < 0 ? rest : rest[..end];
        if (number.EndsWith('%')) number = number[..^1];
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            return false;

        percent = Math.Clamp(value, 0, 100);
        var text = end < 0 ? [] : rest[end..].Trim();
        message = text.IsEmpty ? null : text.ToString();
        return true;
    }
}
