using Amazon.S3;
using TaskMaster.IntegrationTests.Fixtures;

namespace TaskMaster.IntegrationTests.Storage;

/// <summary>
/// One checkpoint service process for a test class, over the shared Redis and s3rver (a bucket of
/// its own), its token and S3 secret in files only their owner reads. Tests use runs of their own.
/// </summary>
public sealed class CheckpointServiceFixture(Servers servers) : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(servers.Root.Folder, $"checkpoint-service-{Guid.NewGuid():N}"[..28]);

    public string Bucket { get; } = $"taskmaster-{Guid.NewGuid():N}"[..30];

    public AmazonS3Client S3 { get; } = servers.S3rver.CreateClient();

    internal CheckpointServiceProcess Service { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await S3.PutBucketAsync(Bucket);
        Directory.CreateDirectory(_folder);
        Service = CheckpointServiceProcess.Start(Environment(_folder, Bucket), SecretFiles.Token);
        await Service.WaitReadyAsync();
    }

    /// <summary>The settings of a service over the shared servers, with its secrets written under <paramref name="folder"/>.</summary>
    internal Dictionary<string, string> Environment(string folder, string bucket) => new()
    {
        ["TASKMASTER_REDIS__ENDPOINT"] = servers.Redis.Endpoint,
        ["TASKMASTER_S3__URL"] = servers.S3rver.ServiceUrl.ToString(),
        ["TASKMASTER_S3__BUCKET"] = bucket,
        ["TASKMASTER_S3__ACCESSKEY"] = servers.S3rver.AccessKey,
        ["TASKMASTER_S3__SECRETKEYFILE"] = SecretFiles.Write(folder, "s3-secret", servers.S3rver.SecretKey),
        ["TASKMASTER_CONTROL__TOKENFILE"] = SecretFiles.Write(folder, "control.token", SecretFiles.Token),
    };

    public async ValueTask DisposeAsync()
    {
        if (Service is not null) await Service.DisposeAsync();
        S3.Dispose();
    }
}
