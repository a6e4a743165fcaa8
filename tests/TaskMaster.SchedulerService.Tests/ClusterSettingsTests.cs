using TaskMaster.SchedulerService.Tests.Support;

namespace TaskMaster.SchedulerService.Tests;

public sealed class ClusterSettingsTests : IDisposable
{
    private readonly ServiceFolder _folder = new();

    // Addresses nothing listens on: the service must refuse before it would try them.
    private static readonly Dictionary<string, string> Cluster = new()
    {
        ["Redis:Endpoint"] = "127.0.0.1:1",
        ["RabbitMq:Uri"] = "amqp://guest:guest@127.0.0.1:1/",
        ["Checkpoint:Url"] = "http://127.0.0.1:1",
    };

    [Theory]
    [InlineData("Redis:Endpoint", "TASKMASTER_REDIS__ENDPOINT")]
    [InlineData("RabbitMq:Uri", "TASKMASTER_RABBITMQ__URI")]
    [InlineData("Checkpoint:Url", "TASKMASTER_CHECKPOINT__URL")]
    public async Task Start_ClusterAdaptersWithoutASetting_RefusesToStartNamingIt(string missing, string variable)
    {
        _folder.More["Scheduler:Adapters"] = "cluster";
        foreach (var (key, value) in Cluster.Where(setting => setting.Key != missing)) _folder.More[key] = value;

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => SchedulerHost.StartAsync(_folder));

        Assert.Contains(variable, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnknownAdapters_RefusesToStartNamingTheChoices()
    {
        _folder.More["Scheduler:Adapters"] = "s3";

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => SchedulerHost.StartAsync(_folder));

        Assert.Contains("TASKMASTER_SCHEDULER__ADAPTERS must be 'local'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("or 'cluster'", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
