using MassTransit;
using Microsoft.Extensions.Options;

namespace TaskMaster.RabbitMq;

/// <summary>
/// The broker connection of every TaskMaster process (the services add it through
/// <c>AddTaskMasterBus</c> of the service defaults; a test's own bus through <see cref="ConfigureHost"/>):
/// RabbitMQ at <see cref="RabbitMqSettings.Uri"/> with publisher confirms. The receive endpoints are
/// connected by the parts themselves once the bus runs (<c>IBus.ConnectReceiveEndpoint</c>), because a
/// worker must stop taking attempts on SIGTERM while its bus still carries its results.
/// </summary>
public static class TaskMasterBus
{
    /// <exception cref="OptionsValidationException">The broker's address is missing.</exception>
    public static void ConfigureHost(IRabbitMqBusFactoryConfigurator rabbit, RabbitMqSettings settings)
    {
        ArgumentNullException.ThrowIfNull(rabbit);
        ArgumentNullException.ThrowIfNull(settings);
        rabbit.Host(settings.Uri ?? throw new OptionsValidationException(RabbitMqSettings.Section, typeof(RabbitMqSettings), ["TASKMASTER_RABBITMQ__URI is required"]),
            host => host.PublisherConfirmation = true);
    }
}
