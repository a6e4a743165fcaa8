using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskMaster.RabbitMq;

namespace TaskMaster.ServiceDefaults;

/// <summary>The one <c>AddMassTransit</c> of a service: RabbitMQ from <c>TASKMASTER_RABBITMQ__*</c>, ready once connected.</summary>
public static class TaskMasterBusExtensions
{
    /// <summary>
    /// Binds and validates <see cref="RabbitMqSettings"/> and adds the bus; its health check (connected
    /// or not) is one of <c>/readyz</c>'s. The parts connect their receive endpoints themselves, or
    /// contribute consumers through <paramref name="consumers"/> and their endpoints through
    /// <paramref name="endpoints"/> (configured with the bus, so they follow its connection).
    /// </summary>
    public static WebApplicationBuilder AddTaskMasterBus(
        this WebApplicationBuilder builder, Action<IBusRegistrationConfigurator>? consumers = null,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? endpoints = null)
    {
        builder.Services.AddSettings<RabbitMqSettings>(builder.Configuration, RabbitMqSettings.Section);
        // The bus is made while the host is built, before the settings' start-time check.
        ServiceSettings.ValidateNow<RabbitMqSettings>(builder.Configuration, RabbitMqSettings.Section);
        builder.Services.AddMassTransit(bus =>
        {
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = "rabbitmq";
                health.Tags.Add(ServiceDefaultsExtensions.ReadyTag);
            });
            consumers?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                TaskMasterBus.ConfigureHost(rabbit, context.GetRequiredService<IOptions<RabbitMqSettings>>().Value);
                endpoints?.Invoke(context, rabbit);
            });
        });
        return builder;
    }
}
