using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using TaskMaster.Embedded.Scheduler;
using TaskMaster.SchedulerService.Cluster;
using TaskMaster.Scheduler.Leadership;
using TaskMaster.Scheduler.Runs;
using TaskMaster.ServiceDefaults;
using TaskMaster.ServiceDefaults.Control;

namespace TaskMaster.SchedulerService;

/// <summary>Which adapters the scheduler's runs use: <c>TASKMASTER_SCHEDULER__ADAPTERS</c> and their settings.</summary>
public sealed class SchedulerAdapterSettings
{
    public const string Local = "local";
    public const string Cluster = "cluster";

    /// <summary>
    /// <c>local</c>: journals, checkpoints and the catalog as files under <see cref="StateDirectory"/>, attempts as
    /// processes on this machine. <c>cluster</c>: journals, submissions and the catalog in Redis, checkpoints
    /// through the checkpoint service, attempts over RabbitMQ to the worker services (docs/cluster.md).
    /// </summary>
    [Required]
    [RegularExpression("^(local|cluster)$",
        ErrorMessage = "TASKMASTER_SCHEDULER__ADAPTERS must be 'local' (files and processes on this machine) or 'cluster' (Redis, RabbitMQ workers, the checkpoint service)")]
    public string Adapters { get; set; } = Local;

    /// <summary>
    /// Where runs are kept (<c>TASKMASTER_SCHEDULER__STATEDIRECTORY</c>), relative to the working directory: everything
    /// with <c>local</c>; with <c>cluster</c> only the task state files workers send back (checkpoints carry them).
    /// </summary>
    [Required(ErrorMessage = "TASKMASTER_SCHEDULER__STATEDIRECTORY must name the folder runs are kept in")]
    public string StateDirectory { get; set; } = "taskmaster-scheduler-state";
}

public static class SchedulerHosting
{
    /// <summary>The scheduler service: its runs over the configured adapters, the scheduler API guarded by the control token.</summary>
    public static WebApplicationBuilder AddSchedulerService(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddSettings<MultiRunOptions>(configuration, MultiRunOptions.Section);
        builder.Services.AddSettings<SchedulerAdapterSettings>(configuration, MultiRunOptions.Section);
        // Read now, not at the first call: a missing token stops the service before it listens (the service
        // defaults validate the same settings at start, an unsafe file included).
        var token = (configuration.GetSection(ControlTokenSettings.Section).Get<ControlTokenSettings>() ?? new ControlTokenSettings()).Resolve();
        var options = configuration.GetSection(MultiRunOptions.Section).Get<MultiRunOptions>() ?? new MultiRunOptions();
        // Chosen now: the cluster's connections and their settings exist only when they are used (and are then required).
        var chosen = configuration.GetSection(MultiRunOptions.Section).Get<SchedulerAdapterSettings>()?.Adapters;
        Func<IServiceProvider, ISchedulerAdapters> adapters = chosen == SchedulerAdapterSettings.Cluster
            ? builder.AddClusterAdapters(token)
            : provider =>
            {
                var settings = provider.GetRequiredService<IOptions<SchedulerAdapterSettings>>().Value;
                return new LocalSchedulerAdapters(Path.GetFullPath(settings.StateDirectory), TimeProvider.System, provider.GetRequiredService<ILoggerFactory>());
            };
        builder.Services.AddSettings<LeadershipOptions>(configuration, LeadershipOptions.Section);
        ServiceSettings.ValidateNow<LeadershipOptions>(configuration, LeadershipOptions.Section);
        var leadership = configuration.GetSection(LeadershipOptions.Section).Get<LeadershipOptions>() ?? new LeadershipOptions();
        // In the cluster the schedulers share the lease in Redis; on local files a scheduler is alone by construction.
        Func<IServiceProvider, ILeaderLease> lease = chosen == SchedulerAdapterSettings.Cluster
            ? provider => new RedisLeaderLease(provider.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>())
            : _ => new SoleLeaderLease();
        builder.Services.AddMultiRunScheduler(adapters, lease, options, leadership, token, ServiceDefaultsExtensions.ReadyTag);
        return builder;
    }
}
