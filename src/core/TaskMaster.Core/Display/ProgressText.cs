namespace TaskMaster.Core.Display;

/// <summary>
/// How far a run is, the one way every view says it (terminal, status, reports, the dashboard's
/// <c>shared/format.js</c>): finished of all, and always how many succeeded, failed and were blocked, so a
/// run with failures never reads as done: <c>7 of 7 tasks finished: 5 succeeded, 1 failed, 1 blocked</c>.
/// Skipped tasks are named when there are any.
/// </summary>
public static class ProgressText
{
    public static string Of(int total, int succeeded, int failed, int blocked, int skipped)
    {
        var finished = succeeded + failed + blocked + skipped;
        var text = $"{finished} of {Counted.Of(total, "task")} finished: {succeeded} succeeded, {failed} failed, {blocked} blocked";
        return skipped > 0 ? $"{text}, {skipped} skipped" : text;
    }
}
