using System.Globalization;

namespace TaskMaster.Core.Display;

/// <summary>
/// A duration as people write it, the one way every view shows one (terminal, status, reports,
/// alerts, failure reasons; the dashboard's <c>shared/format.js</c> writes the same): <c>850ms</c>,
/// <c>1.5s</c>, <c>24s</c>, <c>2m 5s</c>, <c>1h 5m</c>, <c>2d 3h</c>. To the millisecond below a
/// second, the tenth below ten seconds, then whole units, the two largest. Queue files and the
/// command line read durations with <c>DurationFormat</c>, which also writes them back exactly.
/// </summary>
public static class HumanDuration
{
    public static string Format(TimeSpan duration)
    {
        // Whole milliseconds first, half away from zero, then integer steps: shared/format.js does the same.
        var ms = Math.Max(0, (long)Math.Round(duration.TotalMilliseconds, MidpointRounding.AwayFromZero));
        if (ms == 0) return "0s";
        if (ms < 1000) return Invariant($"{ms}ms");
        var tenths = (ms + 50) / 100;
        if (tenths < 100) return tenths % 10 == 0 ? Invariant($"{tenths / 10}s") : Invariant($"{tenths / 10}.{tenths % 10}s");
        var s = (ms + 500) / 1000;
        return s switch
        {
            < 60 => Invariant($"{s}s"),
            < 3600 => Pair(s / 60, "m", s % 60, "s"),
            < 86400 => Pair(s / 3600, "h", s % 3600 / 60, "m"),
            _ => Pair(s / 86400, "d", s % 86400 / 3600, "h"),
        };
    }

    /// <summary>Seconds, as <see cref="Format(TimeSpan)"/> writes them.</summary>
    public static string Format(double seconds) => Format(TimeSpan.FromSeconds(double.IsFinite(seconds) ? Math.Max(0, seconds) : 0));

    private static string Pair(long major, string majorUnit, long minor, string minorUnit) =>
        minor == 0 ? Invariant($"{major}{majorUnit}") : Invariant($"{major}{majorUnit} {minor}{minorUnit}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
