using System.ComponentModel.DataAnnotations;

namespace TaskMaster.Monitor.Cluster;

/// <summary>The monitor service's own settings: <c>TASKMASTER_MONITOR__*</c>.</summary>
public sealed class ClusterMonitorOptions
{
    public const string Section = "Monitor";

    /// <summary>How often the run catalog is read for new and ended runs (<c>TASKMASTER_MONITOR__CATALOGINTERVAL</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan CatalogInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Runs followed at most, the newest first; older ones are listed but not folded (<c>TASKMASTER_MONITOR__MAXRUNS</c>).</summary>
    [Range(1, 10_000)]
    public int MaxRuns { get; set; } = 100;

    /// <summary>Where each run's monitoring files go (<c>TASKMASTER_MONITOR__DATADIRECTORY</c>).</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "taskmaster-monitor");
}
