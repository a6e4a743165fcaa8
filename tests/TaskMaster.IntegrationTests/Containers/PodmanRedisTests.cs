using System.Diagnostics;
using StackExchange.Redis;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Containers;

/// <summary>
/// The Testcontainers path, run where no Docker engine does: Redis as a container (the locally
/// built redis:7.0, never pulled) on a private podman's Docker API, used as the local one is.
/// Every other test keeps the local binaries; these ask for the container engine explicitly.
/// </summary>
public sealed class PodmanRedisTests(Servers servers)
{
    private static readonly string[] Images = ["redis"];

    [Fact]
    public async Task Redis_InAPodmanContainer_RoundTripsAStreamAndKeepsItAcrossARestart()
    {
        await using var podman = await PodmanServer.StartAsync(servers.Root, Images, $"podman-{Guid.NewGuid():N}"[..15]);
        await using var redis = await RedisServer.StartAsync(podman.Engine);
        var stream = new RedisKey($"journal-{Guid.NewGuid():N}");
        RedisValue[] ids;
        await using (var connection = await redis.ConnectAsync())
        {
            var db = connection.GetDatabase();
            // PID 1: redis-server is its container's first process, in a PID namespace of its own.
            var info = await ServerInfoAsync(redis.Endpoint);
            Assert.True(redis.Folder is null && info["process_id"] == "1", string.Join(", ", info));
            ids = [await db.StreamAddAsync(stream, "e", "task-started"), await db.StreamAddAsync(stream, "e", "task-ended")];
            Assert.Equal(ids, (await db.StreamRangeAsync(stream)).Select(entry => entry.Id));
        }

        await redis.CrashAndStartAsync();

        await using var reconnected = await redis.ConnectAsync();
        var entries = await reconnected.GetDatabase().StreamRangeAsync(stream);
        Assert.Equal(ids, entries.Select(entry => entry.Id));
        Assert.Equal(["task-started", "task-ended"], entries.Select(entry => entry["e"].ToString()));
    }

    [Fact]
    public async Task Podman_WhenStopped_LeavesNoContainerBehind()
    {
        var podman = await PodmanServer.StartAsync(servers.Root, Images, $"podman-{Guid.NewGuid():N}"[..15]);
        var folder = podman.Folder!;
        // Never disposed, as if the test that started it had died: the engine's stop must remove it.
        _ = await RedisServer.StartAsync(podman.Engine);
        Assert.NotEmpty(await ContainersAsync(folder));

        await podman.DisposeAsync();

        Assert.Empty(await ContainersAsync(folder));
    }

    // INFO is an admin command to StackExchange.Redis: a connection of its own allows it.
    private static async Task<Dictionary<string, string>> ServerInfoAsync(string endpoint)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { endpoint }, AllowAdmin = true });
        return (await admin.GetServer(endpoint).InfoAsync("server")).SelectMany(section => section).ToDictionary();
    }

    // The containers in the podman's own store, asked of podman itself (not of its stopped service).
    private static async Task<string[]> ContainersAsync(string folder)
    {
        var start = new ProcessStartInfo("podman", ["ps", "--all", "--quiet"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["CONTAINERS_CONF"] = Path.Combine(folder, "containers.conf");
        start.Environment["CONTAINERS_STORAGE_CONF"] = Path.Combine(folder, "storage.conf");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, await error);
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
