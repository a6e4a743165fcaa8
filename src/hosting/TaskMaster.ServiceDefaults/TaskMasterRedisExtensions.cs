using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TaskMaster.Redis;

namespace TaskMaster.ServiceDefaults;

/// <summary>The one Redis connection of a service: <c>TASKMASTER_REDIS__*</c>, ready once Redis answers.</summary>
public static class TaskMasterRedisExtensions
{
    /// <summary>
    /// Binds and validates <see cref="RedisOptions"/> and registers the <see cref="IConnectionMultiplexer"/>
    /// (it starts while Redis is down and reconnects by itself); its PING is one of <c>/readyz</c>'s checks
    /// unless <paramref name="readiness"/> is false (a service that serves without Redis weighs it itself).
    /// </summary>
    public static WebApplicationBuilder AddTaskMasterRedis(this WebApplicationBuilder builder, bool readiness = true)
    {
        builder.Services.AddSettings<RedisOptions>(builder.Configuration, RedisOptions.Section);
        builder.Services.AddSingleton<IConnectionMultiplexer>(sp => sp.GetRequiredService<IOptions<RedisOptions>>().Value.Connect());
        if (readiness) builder.Services.AddHealthChecks().AddCheck<RedisReadiness>("redis", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }
}
