using System.ComponentModel.DataAnnotations;

namespace TaskMaster.SchedulerService.Cluster;

/// <summary>
/// Where the cluster's checkpoint service is: <c>TASKMASTER_CHECKPOINT__URL</c>, its gRPC address. It is
/// called with the scheduler's own control token: the services of one cluster share it.
/// </summary>
public sealed class CheckpointServiceSettings
{
    public const string Section = "Checkpoint";

    [Required(ErrorMessage = "TASKMASTER_CHECKPOINT__URL is required with TASKMASTER_SCHEDULER__ADAPTERS=cluster (the checkpoint service's gRPC address, e.g. http://127.0.0.1:7002)")]
    public Uri? Url { get; set; }
}
