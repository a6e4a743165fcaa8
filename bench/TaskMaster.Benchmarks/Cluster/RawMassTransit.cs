using MassTransit;
using TaskMaster.Testing.Servers;

namespace TaskMaster.Benchmarks.Cluster;

/// <summary>A unit of work for the baseline: the command its consumer runs.</summary>
public sealed record RawWork(int Index, string? Command);

/// <summary>The baseline's result, sent back to the publisher's queue.</summary>
public sealed record RawDone(int Index, int ExitCode);

/// <summary>
/// The baseline: MassTransit on the same broker with nothing of TaskMaster's: a publisher sends
/// the work to a durable queue, consumers (a connection each, as many as workers, each taking as many at
/// once as a worker does) run the same command as a process, or none, and send a result back to
/// the publisher's queue; no lease, no heartbeat, no acceptance, no journal, no state file.
/// </summary>
internal sealed class RawMassTransit : IAsyncDisposable
{
    private readonly IBusControl _bus;
    private readonly string _prefix = "raw" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<IBusControl> _consumers = [];
    private HostReceiveEndpointHandle? _results;
    private TaskCompletionSource _allDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _expected;
    private int _done;

    private RawMassTransit(IBusControl bus) => _bus = bus;

    public static async Task<RawMassTransit> StartAsync(RabbitMqServer broker, int consumers, int concurrency)
    {
        var bus = broker.CreateBus(rabbit => rabbit.Host(broker.AmqpUri, host => host.PublisherConfirmation = true));
        await bus.StartAsync();
        var raw = new RawMassTransit(bus);
        raw._results = bus.ConnectReceiveEndpoint($"{raw._prefix}-results", endpoint => endpoint.Handler<RawDone>(_ =>
        {
            if (Interlocked.Increment(ref raw._done) == raw._expected) raw._allDone.TrySetResult();
            return Task.CompletedTask;
        }));
        await raw._results.Ready;
        // A bus (a connection) each, as each worker process has its own.
        for (var i = 0; i < consumers; i++)
        {
            var consumer = broker.CreateBus(rabbit => rabbit.Host(broker.AmqpUri, host => host.PublisherConfirmation = true));
            await consumer.StartAsync();
            raw._consumers.Add(consumer);
            var handle = consumer.ConnectReceiveEndpoint($"{raw._prefix}-work", endpoint =>
            {
                endpoint.ConcurrentMessageLimit = concurrency;
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.PrefetchCount = (ushort)concurrency;
                endpoint.Handler<RawWork>(async context =>
                {
                    var exit = context.Message.Command is { } command ? await RunAsync(command) : 0;
                    await context.Send(new Uri($"queue:{raw._prefix}-results"), new RawDone(context.Message.Index, exit));
                });
            });
            await handle.Ready;
        }
        return raw;
    }

    /// <summary>Sends <paramref name="count"/> pieces of work and waits for every result: the elapsed time.</summary>
    public async Task<TimeSpan> RunAsync(int count, string? command, TimeSpan timeout)
    {
        _allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _done = 0;
        _expected = count;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var queue = await _bus.GetSendEndpoint(new Uri($"queue:{_prefix}-work"));
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => queue.Send(new RawWork(i, command))));
        await _allDone.Task.WaitAsync(timeout);
        return clock.Elapsed;
    }

    private static async Task<int> RunAsync(string command)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", command]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("/bin/sh did not start");
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var consumer in _consumers) await consumer.StopAsync();
        _consumers.Clear();
        if (_results is not null) await _results.StopAsync();
        await _bus.StopAsync();
    }
}
