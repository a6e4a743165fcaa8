using TaskMaster.Core.Display;

namespace TaskMaster.Worker;

/// <summary>Durations in the reasons and log lines people read: the one human form every view uses (<see cref="HumanDuration"/>).</summary>
internal static class DurationText
{
    public static string Format(TimeSpan duration) => HumanDuration.Format(duration);
}
