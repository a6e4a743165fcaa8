using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TaskMaster.Redis;

namespace TaskMaster.ServiceDefaults;

/// <summary>The Redis connection of a service: from <c>TASKMASTER_REDIS__*</c>, ready once Redis answers.</summary>
public static class TaskMasterRedisExtensions
{
    /// <summary>
    /// Binds and validates <see cref="RedisOptions"/>, adds one <see cref="IConnectionMultiplexer"/> (it starts
    /// while Redis is down and reconnects by itself) and a <c>/readyz</c> check that pings it.
    /// </summary>
    public static WebApplicationBuilder AddTaskMasterRedis(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettings<RedisOptions>(builder.Configuration, RedisOptions.Section);
        builder.Services.AddSingleton<IConnectionMultiplexer>(services => services.GetRequiredService<IOptions<RedisOptions>>().Value.Connect());
        builder.Services.AddHealthChecks().AddCheck<RedisReadiness>("redis", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }
}

/// <summary>Ready once Redis answers a PING.</summary>
internal sealed class RedisReadiness(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var rtt = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"PING {rtt.TotalMilliseconds:F1} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"Redis does not answer: {ex.Message}");
        }
    }
}
