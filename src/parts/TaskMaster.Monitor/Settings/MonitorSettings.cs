using System.Text.Json;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Storage;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.Api;

namespace TaskMaster.Monitor.Settings;

/// <summary>
/// <c>$TASKMASTER_HOME/monitor.json</c>, written by <c>task-master monitor-init</c>: how the
/// executor on that home serves its monitor when <c>execute --monitor</c> does not say.
/// </summary>
/// <param name="Queue">The queue the dashboard file was made for (full path).</param>
public sealed record MonitorSettings(int Port, string Host, int UpdateIntervalMs, bool IncludeGraphs, string Queue)
{
    public const string FileName = "monitor.json";

    public static string PathIn(HomeLayout home)
    {
        ArgumentNullException.ThrowIfNull(home);
        return Path.Combine(home.Home, FileName);
    }

    /// <summary>The home's settings; null when it has none or they cannot be read.</summary>
    public static MonitorSettings? TryRead(HomeLayout home)
    {
        var path = PathIn(home);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<MonitorSettings>(File.ReadAllText(path), MonitorJson.Options) : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Write(HomeLayout home)
    {
        var path = PathIn(home);
        PrivateFiles.CreateDirectory(home.Home);
        PrivateFiles.WriteAllText(path, JsonSerializer.Serialize(this, MonitorJson.Indented));
    }
}
