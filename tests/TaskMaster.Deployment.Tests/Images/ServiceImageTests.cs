namespace TaskMaster.Deployment.Tests.Images;

/// <summary>
/// Each service image started as the chart starts it (read-only root, tmpfs where it writes, the
/// image's own user) on real Redis, RabbitMQ and S3: it serves, as UID 10001, on a root it cannot write.
/// </summary>
public sealed class ServiceImageTests(ServiceImagesFixture images, ITestOutputHelper output) : IClassFixture<ServiceImagesFixture>
{
    private const string Token = "image-test-token";

    public static TheoryData<string> Services => [.. ServiceImagesFixture.Services];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task ServiceImage_StartedWithAReadOnlyRoot_AnswersHealthzAsUid10001(string service)
    {
        output.WriteLine($"images built or found in {images.BuildTime.TotalSeconds:0.0} s");
        await using var container = await ServiceContainer.StartAsync(images.Podman, images.Images[service], Settings(service));

        using var client = new HttpClient { BaseAddress = container.HttpUrl };
        using var health = await client.GetAsync("healthz");
        var write = await container.ShellAsync("echo x > /app/probe");

        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(["10001", "10001", "10001", "10001"], container.Uids());
        Assert.Contains("ro", container.MountOptions("/"));
        Assert.False(write.Succeeded, "a write to /app succeeded: the root is writable");
        Assert.Contains("Read-only file system", write.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task ServiceImage_TmpAndVarLibTaskmaster_AreWritableByItsUser(string service)
    {
        await using var container = await ServiceContainer.StartAsync(images.Podman, images.Images[service], Settings(service));

        var writes = await container.ShellAsync("echo x > /tmp/probe && echo x > /var/lib/taskmaster/probe && id -u && id -g");

        Assert.True(writes.Succeeded, writes.Error);
        Assert.Equal(["10001", "10001"], writes.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("rw", container.MountOptions("/tmp"));
        Assert.Contains("rw", container.MountOptions("/var/lib/taskmaster"));
    }

    [Fact]
    public async Task WorkerImage_OnARealBroker_IsReadyAndRunsShellCommandsInItsHome()
    {
        await using var worker = await ServiceContainer.StartAsync(images.Podman, images.Images["worker"], Settings("worker"), health: "readyz");

        // What a task is: its command run by /bin/sh -c in the worker's home, as the worker's user.
        var task = await worker.ShellAsync("mkdir -p \"$TASKMASTER_WORKER__HOME\" && cd \"$TASKMASTER_WORKER__HOME\" && echo done > out && cat out && pwd");

        Assert.True(task.Succeeded, task.Error + await worker.LogsAsync());
        Assert.Equal(["done", "/var/lib/taskmaster/worker"], task.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private Dictionary<string, string> Settings(string service)
    {
        var settings = new Dictionary<string, string> { ["TASKMASTER_CONTROL__TOKEN"] = Token };
        var prefix = "img" + Guid.NewGuid().ToString("N")[..10];
        switch (service)
        {
            case "worker":
                settings["TASKMASTER_RABBITMQ__URI"] = images.RabbitMq.AmqpUri.ToString();
                settings["TASKMASTER_RABBITMQ__PREFIX"] = prefix;
                settings["TASKMASTER_WORKER__ID"] = prefix;
                break;
            case "checkpoint":
                settings["TASKMASTER_REDIS__ENDPOINT"] = images.Redis.Endpoint;
                settings["TASKMASTER_S3__URL"] = images.S3.ServiceUrl.ToString();
                settings["TASKMASTER_S3__ACCESSKEY"] = images.S3.AccessKey;
                settings["TASKMASTER_S3__SECRETKEY"] = images.S3.SecretKey;
                break;
            case "monitor":
                settings["TASKMASTER_REDIS__ENDPOINT"] = images.Redis.Endpoint;
                settings["TASKMASTER_RABBITMQ__URI"] = images.RabbitMq.AmqpUri.ToString();
                settings["TASKMASTER_RABBITMQ__PREFIX"] = prefix;
                break;
        }
        return settings;
    }
}
