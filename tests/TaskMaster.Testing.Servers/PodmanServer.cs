namespace TaskMaster.Testing.Servers;

/// <summary>
/// A Docker API where no Docker engine runs: podman's <c>system service</c> on a private socket,
/// with a configuration and store of its own (scripts/servers/podman.sh), serving the images
/// scripts/images/build.sh built (the first start on a machine builds them: about a minute).
/// Stopping it removes every container it ran, so none outlives the test.
/// </summary>
public sealed class PodmanServer : RealServer
{
    private PodmanServer(ServerScript script)
        : base(script) => Engine = ContainerEngine.Podman(new Uri(script["DOCKER_HOST"]));

    /// <summary>Where a server started with this engine runs as a container.</summary>
    public ContainerEngine Engine { get; }

    /// <param name="images">the images of scripts/images/ its containers use, built when missing.</param>
    public static async Task<PodmanServer> StartAsync(ServerRoot root, IReadOnlyList<string> images, string instance = "podman", CancellationToken cancellationToken = default)
    {
        var script = root.Script("podman", instance);
        await script.StartAsync(["--images", string.Join(',', images)], cancellationToken);
        return new PodmanServer(script);
    }
}
