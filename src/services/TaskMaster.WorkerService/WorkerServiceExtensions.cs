using MassTransit;
using Microsoft.Extensions.Options;
using TaskMaster.Core.Scheduling;
using TaskMaster.RabbitMq;
using TaskMaster.RabbitMq.Work;
using TaskMaster.ServiceDefaults;
using TaskMaster.Worker;
using TaskMaster.LocalHome;

namespace TaskMaster.WorkerService;

public static class WorkerServiceExtensions
{
    /// <summary>
    /// The worker: settings from <c>TASKMASTER_WORKER__*</c> (validated at start), the Worker part's
    /// process executor, the <see cref="AttemptWorker"/> on the bus, started once the bus is and drained
    /// before it stops, and its metrics.
    /// </summary>
    public static WebApplicationBuilder AddWorkerService(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettings<WorkerOptions>(builder.Configuration, WorkerOptions.Section);
        var drain = builder.Configuration.GetSection(WorkerOptions.Section).Get<WorkerOptions>()?.DrainTimeout ?? new WorkerOptions().DrainTimeout;
        // Room to finish or hand back what it holds, then to send it all.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = drain + TimeSpan.FromSeconds(30));
        builder.Services.Configure<MassTransitHostOptions>(bus => bus.WaitUntilStarted = true);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => new ProcessTaskExecutor(
            new ProcessExecutorOptions { Home = new HomeLayout(services.GetRequiredService<IOptions<WorkerOptions>>().Value.Home) },
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<ProcessTaskExecutor>>()));
        builder.Services.AddSingleton(services => new AttemptWorker(
            services.GetRequiredService<IBus>(), services.GetRequiredService<IOptions<RabbitMqSettings>>().Value.Topology,
            services.GetRequiredService<IOptions<WorkerOptions>>().Value, services.GetRequiredService<ProcessTaskExecutor>(),
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<AttemptWorker>>()));
        // After AddTaskMasterBus: started after the bus, stopped (drained) before it.
        builder.Services.AddHostedService<AttemptWorkerHost>();
        builder.Services.AddSingleton<WorkerMetrics>();
        return builder;
    }
}
