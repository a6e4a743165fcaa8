using System.ComponentModel.DataAnnotations;

namespace TaskMaster.RabbitMq;

/// <summary>How the scheduler side watches the attempts it dispatched (section <c>Dispatch</c>).</summary>
public sealed class BrokerDispatchOptions
{
    public const string Section = "Dispatch";

    /// <summary>
    /// An attempt whose worker sent no heartbeat for this long is reported lost
    /// (<see cref="Core.Policies.TaskFailureKind.WorkerLost"/>). Several heartbeat intervals, so one late heartbeat is no loss.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "01:00:00")]
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromSeconds(1.6);

    /// <summary>How often leases are checked: a lost worker is noticed within <see cref="LeaseTimeout"/> plus this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan LeaseCheckInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// After this process's own broker connection comes back, how long workers have to send a heartbeat
    /// again: no heartbeat could arrive while it was down, and that is no worker's fault.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ReconnectGrace { get; set; } = TimeSpan.FromSeconds(15);
}
