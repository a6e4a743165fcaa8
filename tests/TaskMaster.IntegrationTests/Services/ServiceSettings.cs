using TaskMaster.IntegrationTests.Fixtures;

namespace TaskMaster.IntegrationTests.Services;

/// <summary>
/// The settings a service gets in these tests: the assembly's shared servers and a control token
/// of the test's own, as <c>TASKMASTER_*</c> variables (a service ignores the sections it has none of).
/// </summary>
internal static class ServiceSettings
{
    public static Dictionary<string, string> For(Servers servers, string tokenFile, IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TASKMASTER_REDIS__ENDPOINT"] = servers.Redis.Endpoint,
            ["TASKMASTER_RABBITMQ__URI"] = servers.RabbitMq.AmqpUri.ToString(),
            ["TASKMASTER_S3__URL"] = servers.S3rver.ServiceUrl.ToString(),
            ["TASKMASTER_S3__ACCESSKEY"] = servers.S3rver.AccessKey,
            ["TASKMASTER_S3__SECRETKEY"] = servers.S3rver.SecretKey,
            ["TASKMASTER_CONTROL__TOKENFILE"] = tokenFile,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        return settings;
    }

    /// <summary>A fresh token in a file only its owner can read.</summary>
    public static string WriteToken(string folder)
    {
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "token");
        File.WriteAllText(file, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return file;
    }
}
