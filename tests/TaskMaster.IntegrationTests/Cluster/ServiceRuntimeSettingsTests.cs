using System.Text.Json;
using TaskMaster.IntegrationTests.Services;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Cluster;

/// <summary>
/// The runtime settings every service host is built with (src/services/Directory.Build.props): a
/// thread-pool thread with no work sleeps at once instead of spinning, and no dynamic-PGO tier, which
/// the cluster benchmark showed as a large share of a worker's CPU per attempt.
/// </summary>
public sealed class ServiceRuntimeSettingsTests
{
    [Theory]
    [MemberData(nameof(EveryServiceTests.Names), MemberType = typeof(EveryServiceTests))]
    public void RuntimeConfig_OfEveryServiceHost_TurnsOffSpinWaitingAndDynamicPgo(string name)
    {
        var dll = ServiceBinaries.EntryAssembly(name);
        var path = Path.ChangeExtension(dll, ".runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal("0", properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").ToString());
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
    }
}
