using System.Globalization;
using System.Text;

namespace TaskMaster.Core.Queue;

/// <summary>
/// Durations as queue files and the command line write them: numbers with the units
/// <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c>, alone or combined (<c>500ms</c>, <c>1.5s</c>, <c>1h30m</c>),
/// or a bare <c>0</c> (zero needs no unit). Whether zero is allowed is the field's or option's rule.
/// </summary>
public static class DurationFormat
{
    /// <summary>How a duration is written, for error messages.</summary>
    public const string Expected = "a duration such as `500ms`, `30s`, `1.5m`, `2h` or `1h30m` (units ms, s, m, h, d)";

    private static readonly (string Suffix, long Ticks)[] Units =
    [
        ("d", TimeSpan.TicksPerDay),
        ("h", TimeSpan.TicksPerHour),
        // "ms" before "m", so that "5ms" is not read as five minutes followed by garbage.
        ("ms", TimeSpan.TicksPerMillisecond),
        ("m", TimeSpan.TicksPerMinute),
        ("s", TimeSpan.TicksPerSecond),
    ];

    /// <summary>Reads a duration; false when the text is not one (a number other than 0 without a unit, unknown unit, sign, spaces, overflow).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan value)
    {
        value = default;
        if (text.IsEmpty) return false;
        if (text is "0") return true;
        decimal totalTicks = 0;
        while (!text.IsEmpty)
        {
            if (!UnitNumber.TryRead(ref text, out var number)) return false;
            var unit = 0;
            while (unit < Units.Length && !text.StartsWith(Units[unit].Suffix, StringComparison.Ordinal)) unit++;
            if (unit == Units.Length) return false;
            text = text[Units[unit].Suffix.Length..];
            if (number > TimeSpan.MaxValue.Ticks / (decimal)Units[unit].Ticks) return false;
            totalTicks += number * Units[unit].Ticks;
            if (totalTicks > TimeSpan.MaxValue.Ticks) return false;
        }
        value = TimeSpan.FromTicks((long)decimal.Round(totalTicks, MidpointRounding.AwayFromZero));
        return true;
    }

    /// <summary>
    /// Writes a duration so that <see cref="TryParse"/> reads it back exactly: largest units first,
    /// zero parts left out (<c>1h30m</c>, <c>250ms</c>, <c>1s500ms</c>; zero is <c>0s</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The duration is negative.</exception>
    public static string Format(TimeSpan value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
        if (value == TimeSpan.Zero) return "0s";
        var text = new StringBuilder();
        var ticks = value.Ticks;
        foreach (var (suffix, unitTicks) in Units)
        {
            if (suffix == "ms") continue;
            var count = ticks / unitTicks;
            if (count == 0) continue;
            text.Append(CultureInfo.InvariantCulture, $"{count}{suffix}");
            ticks -= count * unitTicks;
        }
        if (ticks > 0)
        {
            // Sub-millisecond ticks are written as a decimal number of milliseconds.
            var milliseconds = ticks / (decimal)TimeSpan.TicksPerMillisecond;
            text.Append(milliseconds.ToString("0.####", CultureInfo.InvariantCulture)).Append("ms");
        }
        return text.ToString();
    }
}
