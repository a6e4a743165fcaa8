using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TaskMaster.Contracts.Control.V1;
using TaskMaster.Core.Scheduling;
using TaskMaster.Scheduler.Control;

namespace TaskMaster.Scheduler;

public static class SchedulerServiceExtensions
{
    /// <summary>The read-only call (GetStatus), which <c>openReads</c> lets through without the token.</summary>
    public static readonly string StatusMethod = $"/{ControlService.Descriptor.FullName}/{nameof(ControlService.ControlServiceBase.GetStatus)}";

    /// <summary>Registers the control API over <paramref name="control"/>, guarded by <paramref name="token"/>.</summary>
    /// <param name="openReads">Let reading the status through without the token (the monitor's loopback HTTP); every other call still needs it.</param>
    public static IServiceCollection AddSchedulerControl(this IServiceCollection services, IRunControl control, string token, bool openReads = false)
    {
        services.AddSingleton(control);
        services.AddSingleton(new ControlTokenOptions
        {
            Token = token,
            OpenMethods = openReads ? new HashSet<string>(StringComparer.Ordinal) { StatusMethod } : new HashSet<string>(StringComparer.Ordinal),
        });
        services.AddSingleton<ControlTokenInterceptor>();
        services.AddGrpc(options =>
        {
            options.Interceptors.Add<ControlTokenInterceptor>();
            // A request is a few fields (a reason is capped); the answers may be a large detailed status, which clients accept whole.
            options.MaxReceiveMessageSize = ControlLimits.MaxRequestBytes;
            options.MaxSendMessageSize = ControlLimits.MaxResponseBytes;
        });
        return services;
    }

    /// <summary>Maps the control service (gRPC, and its JSON transcoding where the host adds it) and <c>GET /v1/status</c> in the status's own JSON.</summary>
    public static IEndpointRouteBuilder MapSchedulerControl(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<ControlGrpcService>();
        endpoints.MapStatusJson();
        return endpoints;
    }
}
