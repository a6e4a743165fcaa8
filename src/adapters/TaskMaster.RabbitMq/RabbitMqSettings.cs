using System.ComponentModel.DataAnnotations;

namespace TaskMaster.RabbitMq;

/// <summary>
/// Where the broker is and which queues are ours: <c>TASKMASTER_RABBITMQ__URI</c> (required,
/// <c>amqp://user:password@host:port/vhost</c>) and <c>TASKMASTER_RABBITMQ__PREFIX</c>.
/// </summary>
public sealed class RabbitMqSettings
{
    public const string Section = "RabbitMq";

    /// <summary>The broker: <c>amqp://user:password@host:port/vhost</c>.</summary>
    [Required(ErrorMessage = "TASKMASTER_RABBITMQ__URI is required (amqp://user:password@host:port/vhost)")]
    public Uri? Uri { get; set; }

    /// <summary>
    /// The first word of every queue name: clusters (or tests) sharing one broker use different ones.
    /// </summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9-]{0,62}$", ErrorMessage = "TASKMASTER_RABBITMQ__PREFIX must be lower-case letters, digits and dashes")]
    public string Prefix { get; set; } = "taskmaster";

    public BrokerTopology Topology => new(Prefix);
}
