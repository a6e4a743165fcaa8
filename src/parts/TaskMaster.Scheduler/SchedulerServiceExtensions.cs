using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Runs;
using TaskMaster.Core.Scheduling;
using TaskMaster.Scheduler.Control;
using TaskMaster.ServiceDefaults.Control;

namespace TaskMaster.Scheduler;

public static class SchedulerServiceExtensions
{
    /// <summary>The read-only call (GetStatus), which <c>openReads</c> lets through without the token.</summary>
    public static readonly string StatusMethod = $"/{SchedulerService.Descriptor.FullName}/{nameof(SchedulerService.SchedulerServiceBase.GetStatus)}";

    /// <summary>Registers the scheduler API over one run's <paramref name="control"/> (the embedded executor), guarded by <paramref name="token"/>.</summary>
    /// <param name="openReads">Let reading the status through without the token (the monitor's loopback HTTP); every other call still needs it.</param>
    /// <param name="events">The run's journal read back, for WatchRun; null refuses WatchRun.</param>
    public static IServiceCollection AddSchedulerControl(this IServiceCollection services, IRunControl control, string token, bool openReads = false,
        IRunEventStream? events = null)
    {
        services.AddSingleton(control);
        services.AddSingleton<IRunDirectory>(new SingleRunDirectory(control, events));
        return services.AddSchedulerApi(token, ControlLimits.MaxRequestBytes,
            openReads ? new HashSet<string>(StringComparer.Ordinal) { StatusMethod } : new HashSet<string>(StringComparer.Ordinal));
    }

    /// <summary>
    /// Registers the scheduler API over the <see cref="IRunDirectory"/> registered beside it (the
    /// scheduler service's runs), every call guarded by <paramref name="token"/>.
    /// </summary>
    public static IServiceCollection AddSchedulerApi(this IServiceCollection services, string token) =>
        services.AddSchedulerApi(token, ControlLimits.MaxSubmissionBytes, new HashSet<string>(StringComparer.Ordinal));

    private static IServiceCollection AddSchedulerApi(this IServiceCollection services, string token, int maxRequestBytes, IReadOnlySet<string> openMethods)
    {
        // The token check on every call (the first registration wins: inside a service host the
        // service defaults' own, which leaves gRPC health and reflection open).
        services.AddControlToken(_ => new ControlTokenOptions
        {
            Token = token,
            OpenMethods = new HashSet<string>(openMethods.Concat(ControlTokenExtensions.DiscoveryMethods), StringComparer.Ordinal),
        });
        services.AddGrpc().AddServiceOptions<SchedulerGrpcService>(options =>
        {
            // A request is a few fields (a reason is capped; a submission carries a queue); the answers may be a
            // large detailed status, which clients accept whole.
            options.MaxReceiveMessageSize = maxRequestBytes;
            options.MaxSendMessageSize = ControlLimits.MaxResponseBytes;
        });
        return services;
    }

    /// <summary>Maps the scheduler API (gRPC, and its JSON transcoding where the host adds it) and <c>GET /v1/status</c> in the status's own JSON.</summary>
    public static IEndpointRouteBuilder MapSchedulerControl(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapSchedulerApi();
        endpoints.MapStatusJson();
        return endpoints;
    }

    /// <summary>Maps the scheduler API (gRPC).</summary>
    public static IEndpointRouteBuilder MapSchedulerApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<SchedulerGrpcService>();
        return endpoints;
    }
}
