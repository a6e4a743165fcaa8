using TaskMaster.Worker.Native;

namespace TaskMaster.Worker.Tracking;

/// <summary>
/// Makes the executor a child subreaper (<c>PR_SET_CHILD_SUBREAPER</c>): a task's process whose
/// parent ends is handed to the executor instead of to init, so none leaves the executor's tree of
/// descendants, and its end is reaped here (<see cref="ChildReaper.ReapOrphans"/>). Process-wide,
/// set once.
/// </summary>
internal static class Subreaper
{
    private static readonly Lazy<bool> Enabled = new(() => LibC.Prctl(LibC.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0);

    /// <summary>Sets it if not yet set; false when the kernel refused.</summary>
    public static bool Enable() => Enabled.Value;
}
