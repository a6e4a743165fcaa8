using TaskMaster.Core.Scheduling;

namespace TaskMaster.Worker;

/// <summary>
/// A reporter that also wants an attempt's output lines as they come (a worker service streams them
/// to the monitor), besides the task log. <see cref="ProcessTaskExecutor"/> calls it when its reporter
/// implements it. Thread-safe; never blocks.
/// </summary>
public interface ITaskOutputListener
{
    /// <summary>One ordinary output line (progress lines go to <see cref="ITaskReporter.Progress"/>).</summary>
    void Output(TaskLaunch launch, bool stderr, string line);
}
