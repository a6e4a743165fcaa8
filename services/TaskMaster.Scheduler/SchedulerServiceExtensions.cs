using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TaskMaster.Scheduler.Control;

namespace TaskMaster.Scheduler;

public static class SchedulerServiceExtensions
{
    /// <summary>Registers the control API over <paramref name="control"/>, guarded by <paramref name="token"/>.</summary>
    public static IServiceCollection AddSchedulerControl(this IServiceCollection services, IRunControl control, string token)
    {
        services.AddSingleton(control);
        services.AddSingleton(new ControlTokenOptions { Token = token });
        services.AddSingleton<ControlTokenInterceptor>();
        services.AddGrpc(options => options.Interceptors.Add<ControlTokenInterceptor>());
        return services;
    }

    public static IEndpointRouteBuilder MapSchedulerControl(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<ControlGrpcService>();
        return endpoints;
    }
}
