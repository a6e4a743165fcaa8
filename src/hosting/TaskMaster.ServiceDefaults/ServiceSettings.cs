using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TaskMaster.ServiceDefaults;

/// <summary>
/// A service's settings come from environment variables <c>TASKMASTER_&lt;SECTION&gt;__&lt;KEY&gt;</c>
/// (e.g. <c>TASKMASTER_REDIS__ENDPOINT</c>), bound to an options class whose data annotations are
/// checked when the host starts: a bad or missing setting stops the service at once, naming it.
/// </summary>
public static class ServiceSettings
{
    public const string EnvironmentPrefix = "TASKMASTER_";

    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/> and validates it at start.</summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class =>
        services.AddOptions<T>()
            .Bind(configuration.GetSection(section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

    /// <summary>The environment variable that sets <paramref name="key"/> of <paramref name="section"/>, for messages.</summary>
    public static string VariableName(string section, string key) =>
        $"{EnvironmentPrefix}{section.ToUpperInvariant()}__{key.ToUpperInvariant()}";
}
