using TaskMaster.RabbitMq.Work;

namespace TaskMaster.WorkerService;

/// <summary>Runs the <see cref="AttemptWorker"/> for the host's lifetime; on SIGTERM it drains it while the bus still runs.</summary>
internal sealed class AttemptWorkerHost(AttemptWorker worker, WorkerMetrics metrics) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.Watch(worker);
        return worker.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => worker.DrainAsync(cancellationToken);
}
