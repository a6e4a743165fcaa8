using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.RabbitMq;
using TaskMaster.RabbitMq.Dispatch;
using TaskMaster.Testing.Servers;

namespace TaskMaster.Benchmarks.Cluster;

/// <summary>
/// TaskMaster's dispatch over the broker as the scheduler service runs it: its
/// <see cref="BrokerDispatcher"/> and a run's <see cref="BrokerTaskExecutor"/> in this process,
/// attempts taken by worker services (leases, heartbeats, acceptance, results with their state file).
/// Every attempt is started at once; the figure is the time until the last result is in.
/// </summary>
internal sealed class DispatchPath : IAsyncDisposable
{
    private readonly IBusControl _bus;
    private readonly BrokerDispatcher _dispatcher;

    private DispatchPath(IBusControl bus, BrokerDispatcher dispatcher)
    {
        _bus = bus;
        _dispatcher = dispatcher;
    }

    public static async Task<DispatchPath> StartAsync(RabbitMqServer broker, RabbitMqSettings settings)
    {
        var bus = broker.CreateBus(rabbit => TaskMasterBus.ConfigureHost(rabbit, settings));
        await bus.StartAsync();
        var dispatcher = new BrokerDispatcher(bus, settings.Topology, new BrokerDispatchOptions(), TimeProvider.System, NullLogger<BrokerDispatcher>.Instance);
        await dispatcher.StartAsync(CancellationToken.None);
        return new DispatchPath(bus, dispatcher);
    }

    public async Task<TimeSpan> RunAsync(int count, string command, string queueDirectory, TimeSpan timeout)
    {
        var runId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        await using var executor = _dispatcher.CreateExecutor(runId, stateFiles: null);
        var reporter = new CountingReporter(count);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var task = new TaskDefinition { Id = $"t{i}", Title = $"t{i}", Command = new TaskCommand(command, TaskCommand.DefaultShell, 1, false) };
            executor.Start(new TaskLaunch(runId, i, task, 1, queueDirectory), reporter);
        }
        await reporter.AllDone.WaitAsync(timeout);
        var elapsed = clock.Elapsed;
        if (reporter.Failed > 0) throw new InvalidOperationException($"{reporter.Failed} of {count} attempts failed: {reporter.FirstFailure}");
        return elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        await _dispatcher.DisposeAsync();
        await _bus.StopAsync();
    }

    private sealed class CountingReporter(int expected) : ITaskReporter
    {
        private readonly TaskCompletionSource _allDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _done;
        private int _failed;

        public Task AllDone => _allDone.Task;

        public int Failed => _failed;

        public string? FirstFailure { get; private set; }

        public void Progress(TaskLaunch launch, double percent, string? message)
        {
        }

        public void Completed(TaskAttemptResult result)
        {
            if (!result.Succeeded && Interlocked.Increment(ref _failed) == 1) FirstFailure = result.Reason;
            if (Interlocked.Increment(ref _done) == expected) _allDone.TrySetResult();
        }
    }
}
