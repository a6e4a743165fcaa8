using System.ComponentModel.DataAnnotations;
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

    /// <summary>
    /// Validates <paramref name="section"/> now, for settings read while the host is being built (before
    /// its start-time validation): a bad one stops it with the message naming it, not deep in a stack trace.
    /// </summary>
    /// <exception cref="OptionsValidationException">A setting is missing or bad; the message names each.</exception>
    public static void ValidateNow<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        var settings = configuration.GetSection(section).Get<T>() ?? new T();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true))
            throw new OptionsValidationException(section, typeof(T), [.. results.Select(r => r.ErrorMessage ?? string.Join(", ", r.MemberNames))]);
    }

    /// <summary>The environment variable that sets <paramref name="key"/> of <paramref name="section"/>, for messages.</summary>
    public static string VariableName(string section, string key) =>
        $"{EnvironmentPrefix}{section.ToUpperInvariant()}__{key.ToUpperInvariant()}";
}
