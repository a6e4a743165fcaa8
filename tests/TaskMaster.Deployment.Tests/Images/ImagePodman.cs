namespace TaskMaster.Deployment.Tests.Images;

/// <summary>
/// The podman CLI on the service images' own store (a storage.conf in the image cache, so the
/// machine's podman store is never touched): scripts/images/build-services.sh loads the images into
/// it and the tests run their containers from it.
/// </summary>
public sealed class ImagePodman
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    public ImagePodman(string cache)
    {
        var folder = Directory.CreateDirectory(Path.Combine(cache, "services")).FullName;
        StorageConf = Path.Combine(folder, "storage.conf");
        var conf = $"""
            [storage]
            driver = "overlay"
            graphroot = "{folder}/store"
            runroot = "{folder}/run"
            """;
        if (!File.Exists(StorageConf) || File.ReadAllText(StorageConf) != conf)
        {
            File.WriteAllText(StorageConf, conf);
        }
        Environment = new Dictionary<string, string> { ["CONTAINERS_STORAGE_CONF"] = StorageConf, ["TASKMASTER_IMAGE_CACHE"] = cache };
    }

    public string StorageConf { get; }

    /// <summary>What a podman command (or a script running one) needs to use this store.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public Task<string> RunAsync(params string[] arguments) => ToolRun.CheckedAsync("podman", arguments, CommandTimeout, Environment);

    public Task<ToolResult> TryAsync(params string[] arguments) => ToolRun.RunAsync("podman", arguments, CommandTimeout, Environment);
}
