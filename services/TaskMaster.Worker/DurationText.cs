using System.Text;

namespace TaskMaster.Worker;

/// <summary>Writes a duration the way a queue file does (<c>500ms</c>, <c>30s</c>, <c>1h30m</c>), for reasons people read.</summary>
internal static class DurationText
{
    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero) return "0s";
        var text = new StringBuilder();
        Append(text, duration.Days, "d");
        Append(text, duration.Hours, "h");
        Append(text, duration.Minutes, "m");
        Append(text, duration.Seconds, "s");
        Append(text, duration.Milliseconds, "ms");
        return text.Length == 0 ? "0s" : text.ToString();
    }

    private static void Append(StringBuilder text, int value, string unit)
    {
        if (value > 0) text.Append(value).Append(unit);
    }
}
