using TaskMaster.Monitor.Api;

namespace TaskMaster.Monitor.Dashboard;

/// <summary>What a dashboard page is told in its <c>tm-config</c> script (docs/monitoring-contract.md).</summary>
/// <param name="MonitorUrl">Empty when the page is served by the monitor itself (same origin).</param>
/// <param name="Graph">Embedded by <c>monitor-init</c>, so that the graph shows with nothing running; null when served.</param>
/// <param name="ClusterRunsUrl">Where the run picker lists the cluster's runs (relative to the page), in the monitor service; null for one executor's page.</param>
public sealed record DashboardConfig(string MonitorUrl, int UpdateIntervalMs, bool IncludeGraphs, GraphDocument? Graph, string? ClusterRunsUrl = null);
