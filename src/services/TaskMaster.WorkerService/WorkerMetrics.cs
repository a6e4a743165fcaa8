using Prometheus;
using TaskMaster.RabbitMq.Work;

namespace TaskMaster.WorkerService;

/// <summary>The worker's figures on <c>/metrics</c>, read from the worker as each scrape begins.</summary>
internal sealed class WorkerMetrics
{
    private readonly Gauge _running = Metrics.CreateGauge("taskmaster_worker_attempts_running", "Attempts this worker runs now.");
    private readonly Gauge _awaiting = Metrics.CreateGauge("taskmaster_worker_attempts_awaiting_answer", "Attempts this worker took whose start waits for the scheduler's answer.");
    private readonly Counter _completed = Metrics.CreateCounter("taskmaster_worker_attempts_completed_total", "Attempts whose result this worker has sent.");

    public void Watch(AttemptWorker worker) =>
        Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            _running.Set(worker.Running);
            _awaiting.Set(worker.AwaitingAnswer);
            _completed.IncTo(worker.Completed);
        });
}
