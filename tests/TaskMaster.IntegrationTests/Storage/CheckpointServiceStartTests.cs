using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Storage;

public sealed class CheckpointServiceStartTests(Servers servers) : IAsyncLifetime
{
    private readonly ServerRoot _root = new("ckst");

    [Theory]
    [InlineData("TASKMASTER_CONTROL__TOKENFILE")]
    [InlineData("TASKMASTER_REDIS__ENDPOINT")]
    [InlineData("TASKMASTER_S3__URL")]
    [InlineData("TASKMASTER_S3__SECRETKEYFILE")]
    public async Task Start_WithoutASetting_RefusesToStartNamingIt(string missing)
    {
        var instance = $"checkpoint-{Guid.NewGuid():N}"[..20];
        var (settings, _) = CheckpointServiceFixture.SettingsIn(servers, Path.Combine(_root.Folder, instance), "taskmaster-unused");
        settings.Remove(missing);

        var refused = await Assert.ThrowsAsync<ServerStartException>(() =>
            ServiceProcess.StartAsync(_root, "checkpoint", settings, instance, TestContext.Current.CancellationToken));

        Assert.Contains(missing, refused.Message, StringComparison.Ordinal);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _root.DisposeAsync();
}
