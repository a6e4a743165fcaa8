using System.Collections.Concurrent;
using MassTransit;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.RabbitMq;

/// <summary>A receive endpoint on a quorum queue that hands each Ping it consumes to the test awaiting its id.</summary>
public sealed class PingCatcher
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<Ping>> _awaited = new();

    public PingCatcher(string queue) => Queue = queue;

    public string Queue { get; }

    public void Configure(IRabbitMqBusFactoryConfigurator bus) =>
        bus.ReceiveEndpoint(Queue, endpoint =>
        {
            endpoint.SetQuorumQueue();
            endpoint.Handler<Ping>(context =>
            {
                Awaited(context.Message.Id).TrySetResult(context.Message);
                return Task.CompletedTask;
            });
        });

    /// <summary>The Ping with <paramref name="id"/> once consumed; a TimeoutException quoting the broker's logs otherwise.</summary>
    public async Task<Ping> ConsumedAsync(Guid id, TimeSpan timeout, RealServer broker)
    {
        try
        {
            return await Awaited(id).Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"ping {id} not consumed from {Queue} within {timeout.TotalSeconds:0}s{Environment.NewLine}{broker.LogTail()}");
        }
    }

    private TaskCompletionSource<Ping> Awaited(Guid id) =>
        _awaited.GetOrAdd(id, _ => new TaskCompletionSource<Ping>(TaskCreationOptions.RunContinuationsAsynchronously));
}
