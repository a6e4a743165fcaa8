namespace TaskMaster.Core.Tests.Display;

/// <summary>
/// What each shared formatter writes for a set of inputs: the C# formatters are tested on them here,
/// and the dashboard's shared/format.js on the same ones in the browser (TaskMaster.Dashboard.Tests).
/// </summary>
public static class DisplayCases
{
    /// <summary>Seconds and how <c>HumanDuration</c> writes them.</summary>
    public static TheoryData<double, string> Durations => new()
    {
        { 0, "0s" }, { 0.0004, "0s" }, { 0.0005, "1ms" }, { 0.85, "850ms" }, { 0.9996, "1s" }, { 1, "1s" }, { 1.5, "1.5s" },
        { 1.04, "1s" }, { 9.94, "9.9s" }, { 9.96, "10s" }, { 24.4, "24s" }, { 59.6, "1m" }, { 60, "1m" }, { 125, "2m 5s" },
        { 3599.4, "59m 59s" }, { 3599.6, "1h" }, { 3900, "1h 5m" }, { 86400, "1d" }, { 2 * 86400 + 3 * 3600 + 59, "2d 3h" }, { -3, "0s" },
    };

    /// <summary>Unix milliseconds and how <c>ClockTime</c> writes the instant (UTC, 24-hour, the zone named).</summary>
    public static TheoryData<long, string> Times => new()
    {
        { 1796157347188, "2026-12-01 20:35:47 UTC" }, { 1796083200000, "2026-12-01 00:00:00 UTC" }, { 1796130000999, "2026-12-01 13:00:00 UTC" },
    };

    /// <summary>Task counts (total, succeeded, failed, blocked, skipped) and how <c>ProgressText</c> says them.</summary>
    public static TheoryData<int, int, int, int, int, string> Progress => new()
    {
        { 7, 5, 1, 1, 0, "7 of 7 tasks finished: 5 succeeded, 1 failed, 1 blocked" },
        { 7, 3, 1, 0, 0, "4 of 7 tasks finished: 3 succeeded, 1 failed, 0 blocked" },
        { 1, 1, 0, 0, 0, "1 of 1 task finished: 1 succeeded, 0 failed, 0 blocked" },
        { 4, 2, 1, 0, 1, "4 of 4 tasks finished: 2 succeeded, 1 failed, 0 blocked, 1 skipped" },
        { 0, 0, 0, 0, 0, "0 of 0 tasks finished: 0 succeeded, 0 failed, 0 blocked" },
    };
}
