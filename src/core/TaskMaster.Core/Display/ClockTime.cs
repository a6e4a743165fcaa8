using System.Globalization;

namespace TaskMaster.Core.Display;

/// <summary>
/// An instant as every view shows it: a 24-hour clock in UTC, the zone named (<c>2026-12-01 20:35:47 UTC</c>),
/// the same in the terminal, the status, the reports and the dashboard (<c>shared/format.js</c>), whatever
/// the zone of the machine or the browser. JSON keeps ISO 8601 for programs.
/// </summary>
public static class ClockTime
{
    public static string Format(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>With milliseconds, for lines that record events as they happen (<c>2026-12-01 20:35:47.188 UTC</c>).</summary>
    public static string Precise(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + " UTC";

    /// <summary><see cref="Format(DateTimeOffset)"/>, or an em dash when there is no instant.</summary>
    public static string Format(DateTimeOffset? at) => at is { } t ? Format(t) : "—";
}
