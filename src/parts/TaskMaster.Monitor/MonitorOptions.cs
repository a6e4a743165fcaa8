using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace TaskMaster.Monitor;

/// <summary>Where the monitor listens and how its feed and dashboard behave. Validated when the server starts.</summary>
public sealed class MonitorOptions
{
    public const int DefaultPort = 7420;

    public const string DefaultHost = "127.0.0.1";

    /// <summary>The address to bind: an IP address or a host name. Anything but loopback exposes the dashboard to the network.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Host { get; set; } = DefaultHost;

    /// <summary>The TCP port; 0 picks a free one.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = DefaultPort;

    /// <summary>How often the dashboard samples history (<c>--update-interval</c>); handed to the page and to history.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether the dashboard draws the charts (<c>--include-graphs</c>).</summary>
    public bool IncludeGraphs { get; set; } = true;

    /// <summary>Updates that come faster than this are merged into one.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan FeedCoalescing { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Frames a feed client may have waiting before it is told to resync (at least 2: the resync and the newest frame).</summary>
    [Range(2, 100_000)]
    public int ClientQueueCapacity { get; set; } = 256;

    /// <summary>Where the <c>dashboard.html</c> resource is looked for; the monitor's own assembly by default.</summary>
    public Assembly? DashboardAssembly { get; set; }

    /// <summary>The run picker's list of the cluster's runs, relative to the page; null for one executor (no picker).</summary>
    public string? ClusterRunsUrl { get; set; }

    /// <summary>Throws <see cref="ValidationException"/> naming the first bad setting.</summary>
    public void Validate() => Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
}
