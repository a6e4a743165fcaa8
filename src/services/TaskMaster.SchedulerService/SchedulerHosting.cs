using System.ComponentModel.DataAnnotations;
using TaskMaster.Embedded.Scheduler;
using TaskMaster.Scheduler.Runs;
using TaskMaster.ServiceDefaults;
using TaskMaster.ServiceDefaults.Control;

namespace TaskMaster.SchedulerService;

/// <summary>Which adapters the scheduler's runs use: <c>TASKMASTER_SCHEDULER__ADAPTERS</c> and their settings.</summary>
public sealed class SchedulerAdapterSettings
{
    /// <summary>
    /// <c>local</c>: journals, checkpoints and the catalog as files under <see cref="StateDirectory"/>, attempts as
    /// processes on this machine. The only choice until the Redis, S3 and RabbitMQ adapters are plugged in.
    /// </summary>
    [Required]
    [RegularExpression("^local$", ErrorMessage = "TASKMASTER_SCHEDULER__ADAPTERS must be 'local' (files and processes on this machine)")]
    public string Adapters { get; set; } = "local";

    /// <summary>With <c>local</c>: where runs are kept (<c>TASKMASTER_SCHEDULER__STATEDIRECTORY</c>); relative to the working directory.</summary>
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
        builder.Services.AddMultiRunScheduler(provider =>
        {
            var settings = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SchedulerAdapterSettings>>().Value;
            return new LocalSchedulerAdapters(Path.GetFullPath(settings.StateDirectory), TimeProvider.System, provider.GetRequiredService<ILoggerFactory>());
        }, options, token, ServiceDefaultsExtensions.ReadyTag);
        return builder;
    }
}
