using System.Diagnostics;
using TaskMaster.Testing.Servers;

namespace TaskMaster.Deployment.Tests.Images;

/// <summary>
/// The four service images, built by scripts/images/build-services.sh as a user builds them (on the
/// base of scripts/images/build-base.sh) into <see cref="ImagePodman"/>'s store, and the real servers
/// their containers talk to: Redis, RabbitMQ and an S3 server, on the host's loopback (the containers
/// share the host's network). The images carry a hash of their inputs: a run on an unchanged checkout
/// builds nothing (the first build on a machine takes minutes; the base's root about one more).
/// </summary>
public sealed class ServiceImagesFixture : IAsyncLifetime
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(25);

    public static readonly IReadOnlyList<string> Services = ["scheduler", "worker", "checkpoint", "monitor"];

    public ServerRoot Root { get; } = new("img");

    public ImagePodman Podman { get; } = new(Environment.GetEnvironmentVariable("TASKMASTER_IMAGE_CACHE") is { Length: > 0 } cache
        ? Path.GetFullPath(cache)
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "taskmaster", "images"));

    /// <summary>Each service's image, by service name, as the script printed it.</summary>
    public IReadOnlyDictionary<string, string> Images { get; private set; } = new Dictionary<string, string>();

    /// <summary>What building (or finding) the images took, for the test's output.</summary>
    public TimeSpan BuildTime { get; private set; }

    public RedisServer Redis { get; private set; } = null!;

    public RabbitMqServer RabbitMq { get; private set; } = null!;

    public S3Server S3 { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var build = BuildAsync();
        var redis = RedisServer.StartAsync(Root);
        var rabbit = RabbitMqServer.StartAsync(Root);
        var s3 = S3Server.StartAsync(Root, S3ServerKind.S3rver);
        await Task.WhenAll(build, redis, rabbit, s3);
        (Redis, RabbitMq, S3) = (await redis, await rabbit, await s3);
    }

    private async Task BuildAsync()
    {
        var clock = Stopwatch.StartNew();
        var script = Path.Combine(Repository.Root, "scripts", "images", "build-services.sh");
        var output = await ToolRun.CheckedAsync(script, ["--out", Path.Combine(Root.Folder, "images")], BuildTimeout, Podman.Environment, Repository.Root);
        BuildTime = clock.Elapsed;
        var names = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Images = Services.ToDictionary(service => service, service => names.SingleOrDefault(name => name.Contains($"/taskmaster-{service}:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{script} printed no taskmaster-{service} image: {output}"));
    }

    public async ValueTask DisposeAsync() => await Root.DisposeAsync();
}
