namespace TaskMaster.Monitor.History;

/// <summary>
/// One sample of the run, taken every update interval (docs/monitoring-history.md): the executor's
/// resources, the run's figures and every running task's process group. Persisted one per line in
/// <c>monitoring/&lt;run-id&gt;/samples.jsonl</c> and published to the feed as <c>sample</c>.
/// </summary>
/// <param name="TMs">When, in Unix milliseconds.</param>
/// <param name="CpuPercent">The executor's CPU time over the interval, in percent of one core.</param>
/// <param name="MemoryBytes">The executor's working set.</param>
/// <param name="MemoryBudgetBytes">The run's O(√n) budget (<c>MemoryBudget</c>).</param>
/// <param name="Network">The webhook's health: <c>ok</c>, <c>degraded</c>, <c>down</c>; <c>none</c> without one.</param>
/// <param name="Failed">Tasks that failed for good.</param>
/// <param name="ThroughputPerMin">Tasks finished over the last minute (or the run's first, scaled), per minute.</param>
public sealed record HistorySample(
    long TMs, double CpuPercent, long MemoryBytes, long MemoryBudgetBytes,
    double DiskReadBytesPerS, double DiskWriteBytesPerS, string Network,
    int Running, int Finished, int Failed, double ErrorRate, double AutonomyScore, double Efficiency,
    double ThroughputPerMin, IReadOnlyList<TaskSample> Tasks);

/// <summary>A running task's process group: CPU in percent of one core, resident memory summed over its processes.</summary>
public sealed record TaskSample(string Id, double CpuPercent, long MemoryBytes);
