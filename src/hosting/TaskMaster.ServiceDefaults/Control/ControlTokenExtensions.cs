using Microsoft.Extensions.DependencyInjection;

namespace TaskMaster.ServiceDefaults.Control;

public static class ControlTokenExtensions
{
    /// <summary>gRPC health checking and server reflection: any client may ask whether a service is up and what it serves.</summary>
    public static readonly IReadOnlySet<string> DiscoveryMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        "/grpc.health.v1.Health/Check",
        "/grpc.health.v1.Health/Watch",
        "/grpc.health.v1.Health/List",
        "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
        "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
    };

    /// <summary>
    /// Every gRPC call the host serves needs the token (<see cref="ControlTokenInterceptor"/>), except the
    /// methods <paramref name="options"/> leaves open. The first registration wins: a part that asks for
    /// it inside a host that already has it (the service defaults) adds nothing.
    /// </summary>
    public static IServiceCollection AddControlToken(this IServiceCollection services, Func<IServiceProvider, ControlTokenOptions> options)
    {
        if (services.Any(d => d.ServiceType == typeof(ControlTokenInterceptor))) return services;
        services.AddSingleton(options);
        services.AddSingleton<ControlTokenInterceptor>();
        services.AddGrpc(grpc => grpc.Interceptors.Add<ControlTokenInterceptor>());
        return services;
    }
}
