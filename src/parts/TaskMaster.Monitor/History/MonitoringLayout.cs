using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Monitor.History;

/// <summary>Where monitoring data lives: <c>$TASKMASTER_HOME/monitoring/&lt;run-id&gt;/</c>.</summary>
public static class MonitoringLayout
{
    public static string Directory(HomeLayout home) => Path.Combine(home.Home, "monitoring");

    public static string RunDirectory(HomeLayout home, string runId) => Path.Combine(Directory(home), runId);

    /// <summary>The run's samples, one compact JSON line each, bounded by <see cref="SampleDownsampler"/>.</summary>
    public static string SamplesFile(HomeLayout home, string runId) => Path.Combine(RunDirectory(home, runId), "samples.jsonl");

    /// <summary>Every alert as it fired and resolved, one line per change.</summary>
    public static string AlertsFile(HomeLayout home, string runId) => Path.Combine(RunDirectory(home, runId), "alerts.jsonl");
}
