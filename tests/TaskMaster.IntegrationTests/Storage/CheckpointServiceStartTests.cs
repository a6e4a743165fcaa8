using TaskMaster.IntegrationTests.Fixtures;

namespace TaskMaster.IntegrationTests.Storage;

public sealed class CheckpointServiceStartTests(Servers servers)
{
    [Theory]
    [InlineData("TASKMASTER_CONTROL__TOKENFILE")]
    [InlineData("TASKMASTER_REDIS__ENDPOINT")]
    [InlineData("TASKMASTER_S3__BUCKET")]
    public async Task Start_WithoutASetting_RefusesToStartNamingIt(string missing)
    {
        var folder = Path.Combine(servers.Root.Folder, $"checkpoint-start-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(folder);
        await using var fixture = new CheckpointServiceFixture(servers);
        var environment = fixture.Environment(folder, "taskmaster-unused");
        environment.Remove(missing);

        await using var service = CheckpointServiceProcess.Start(environment, SecretFiles.Token);
        var exitCode = await service.WaitExitAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains(missing, service.Output, StringComparison.Ordinal);
    }
}
