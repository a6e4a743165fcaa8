using MassTransit;
using Testcontainers.RabbitMq;

namespace TaskMaster.Testing.Servers;

/// <summary>
/// RabbitMQ 3.10 with its management API (which tests use to see queues) and quorum queues;
/// <c>consumer_timeout</c> configurable. Local (scripts/servers/rabbitmq.sh) or a container.
/// </summary>
public sealed class RabbitMqServer : RealServer
{
    private const string ContainerUser = "taskmaster";

    private RabbitMqServer(ServerScript script)
        : base(script)
    {
        AmqpUri = new Uri(script["RABBITMQ_URI"]);
        ManagementUri = new Uri(script["RABBITMQ_MANAGEMENT_URL"]);
    }

    // Its ports are bound on the host's loopback; Testcontainers' own host name would be a bridge
    // gateway wherever a /.dockerenv file says "inside a container", as on these machines.
    private RabbitMqServer(RabbitMqContainer container, int amqpPort, int managementPort)
        : base(container)
    {
        AmqpUri = new Uri($"amqp://{ContainerUser}:{ContainerUser}@127.0.0.1:{amqpPort}/");
        ManagementUri = new Uri($"http://127.0.0.1:{managementPort}/");
    }

    /// <summary>amqp://user:password@127.0.0.1:port/, as MassTransit's <c>cfg.Host(uri)</c> and RabbitMQ.Client take it.</summary>
    public Uri AmqpUri { get; }

    /// <summary>The management HTTP API's root (basic auth with the AMQP user).</summary>
    public Uri ManagementUri { get; }

    /// <summary>As a container where a Docker engine answers (<see cref="ContainerEngine.Default"/>), else from the local binaries.</summary>
    /// <param name="consumerTimeout">how long a delivery may stay unacknowledged before the broker closes its channel (default 30 min).</param>
    public static async Task<RabbitMqServer> StartAsync(
        ServerRoot root, string instance = "rabbitmq", TimeSpan? consumerTimeout = null, CancellationToken cancellationToken = default)
    {
        if (ContainerEngine.Default is { } engine)
        {
            return await StartAsync(engine, consumerTimeout, cancellationToken);
        }
        var script = root.Script("rabbitmq", instance);
        await script.StartAsync(consumerTimeout is { } ms ? ["--consumer-timeout", ((long)ms.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture)] : null, cancellationToken);
        return new RabbitMqServer(script);
    }

    /// <summary>As a container (image <c>rabbitmq:3.10-management</c>) on <paramref name="engine"/>.</summary>
    public static async Task<RabbitMqServer> StartAsync(ContainerEngine engine, TimeSpan? consumerTimeout = null, CancellationToken cancellationToken = default)
    {
        var (amqp, management) = (ContainerEngine.FreePort(), ContainerEngine.FreePort());
        var builder = new RabbitMqBuilder("rabbitmq:3.10-management")
            .WithUsername(ContainerUser).WithPassword(ContainerUser)
            .WithPortBinding(amqp, RabbitMqBuilder.RabbitMqPort).WithPortBinding(management, 15672);
        if (consumerTimeout is { } timeout)
        {
            builder = builder.WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", $"-rabbit consumer_timeout {(long)timeout.TotalMilliseconds} -rabbit channel_tick_interval {Math.Clamp((long)timeout.TotalMilliseconds / 2, 200, 60_000)}");
        }
        var container = engine.Configure(builder).Build();
        await container.StartAsync(cancellationToken);
        return new RabbitMqServer(container, amqp, management);
    }

    /// <summary>A MassTransit bus on this broker; <paramref name="configure"/> adds its endpoints. The caller starts and stops it.</summary>
    public IBusControl CreateBus(Action<IRabbitMqBusFactoryConfigurator> configure) =>
        Bus.Factory.CreateUsingRabbitMq(bus =>
        {
            bus.Host(AmqpUri);
            configure(bus);
        });

    /// <summary>A basic-auth HTTP client for the management API.</summary>
    public HttpClient CreateManagementClient()
    {
        var client = new HttpClient { BaseAddress = ManagementUri, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Uri.UnescapeDataString(AmqpUri.UserInfo))));
        return client;
    }

    /// <summary>Stops the broker (clean shutdown) and starts it again on its data and ports: its clients must reconnect.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) => StopAndStartAsync(crash: false, cancellationToken);
}
