using Amazon.S3;
using TaskMaster.Checkpoint.Remote;
using TaskMaster.Contracts.Checkpoint.V1;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.Testing.Servers;
using Settings = TaskMaster.IntegrationTests.Services.ServiceSettings;

namespace TaskMaster.IntegrationTests.Storage;

/// <summary>
/// One checkpoint service process for a test class (the real host, as scripts/dev-up.sh runs it), over
/// the shared Redis and s3rver with a bucket of its own, its token and S3 secret in files only their
/// owner reads. Tests use runs of their own.
/// </summary>
public sealed class CheckpointServiceFixture(Servers servers) : IAsyncLifetime
{
    private readonly ServerRoot _root = new("ckpt");

    public string Bucket { get; } = $"taskmaster-{Guid.NewGuid():N}"[..30];

    public AmazonS3Client S3 { get; } = servers.S3rver.CreateClient();

    public ServiceProcess Service { get; private set; } = null!;

    public string Token { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var (settings, token) = SettingsIn(servers, _root.Folder, Bucket);
        Token = token;
        Service = await ServiceProcess.StartAsync(_root, "checkpoint", settings, cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>The settings of a service over the shared servers, with its secrets written under <paramref name="folder"/>, and its token.</summary>
    internal static (Dictionary<string, string> Settings, string Token) SettingsIn(Servers servers, string folder, string bucket)
    {
        var tokenFile = Settings.WriteToken(Path.Combine(folder, "secrets"));
        var secretFile = Path.Combine(folder, "secrets", "s3-secret");
        Core.Storage.PrivateFiles.WriteAllText(secretFile, servers.S3rver.SecretKey + "\n");
        var settings = Settings.For(servers, tokenFile, new Dictionary<string, string>
        {
            ["TASKMASTER_S3__BUCKET"] = bucket,
            ["TASKMASTER_S3__SECRETKEYFILE"] = secretFile,
        });
        settings.Remove("TASKMASTER_S3__SECRETKEY");
        return (settings, File.ReadAllText(tokenFile).Trim());
    }

    /// <summary>A client of the service with its token.</summary>
    public (CheckpointService.CheckpointServiceClient Client, IDisposable Channel) Client()
    {
        var (client, channel) = CheckpointServiceClientFactory.Create(Service.GrpcUrl, Token);
        return (client, channel);
    }

    public async ValueTask DisposeAsync()
    {
        await _root.DisposeAsync();
        S3.Dispose();
    }
}
