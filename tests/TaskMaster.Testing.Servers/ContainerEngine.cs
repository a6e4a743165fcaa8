using System.Net;
using System.Net.Sockets;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;

namespace TaskMaster.Testing.Servers;

/// <summary>
/// A Docker API servers can run on as containers: the engine Testcontainers finds itself (a
/// laptop's Docker), or a private podman service (<see cref="PodmanServer"/>) a test asks for
/// explicitly. Without one, servers run from the local binaries scripts/install-deps.sh installs.
/// </summary>
public sealed class ContainerEngine
{
    private readonly Uri? _endpoint;

    private ContainerEngine(Uri? endpoint) => _endpoint = endpoint;

    /// <summary>
    /// Whether every server runs as a container on <see cref="Discovered"/> (a Docker engine answers)
    /// or from the local binaries (CI, and machines without Docker). TASKMASTER_SERVERS=local or
    /// =containers overrides the guess.
    /// </summary>
    public static bool IsReachable { get; } = Environment.GetEnvironmentVariable("TASKMASTER_SERVERS") switch
    {
        "local" => false,
        "containers" => true,
        _ => TestcontainersSettings.OS.DockerEndpointAuthConfig is not null,
    };

    /// <summary>The engine Testcontainers discovers (DOCKER_HOST, the Docker socket), with its resource reaper.</summary>
    public static ContainerEngine Discovered { get; } = new(endpoint: null);

    /// <summary>The engine servers run on by default: <see cref="Discovered"/> when reachable, else none (local binaries).</summary>
    public static ContainerEngine? Default => IsReachable ? Discovered : null;

    /// <summary>
    /// A podman <c>system service</c> at <paramref name="socket"/>: its containers get a network
    /// namespace of their own (slirp4netns, never a bridge), publish on loopback only, use the
    /// images already in its store (never pulled), and are removed by their owner, not by
    /// Testcontainers' resource reaper (its image cannot be pulled either).
    /// </summary>
    public static ContainerEngine Podman(Uri socket) => new(socket);

    /// <summary>
    /// A loopback port free right now, for a container's fixed host port (so a restarted container
    /// is where its clients were); the kernel picks it, so two callers never get the same one at once.
    /// </summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The builder, set to start its container on this engine.</summary>
    public TBuilder Configure<TBuilder>(TBuilder builder)
        where TBuilder : IContainerBuilder<TBuilder, IContainer, IContainerConfiguration>
    {
        if (_endpoint is null)
        {
            return builder;
        }
        return builder
            .WithDockerEndpoint(_endpoint)
            .WithCleanUp(false)
            .WithImagePullPolicy(_ => false)
            .WithCreateParameterModifier(OwnNetworkOnLoopback);
    }

    private static void OwnNetworkOnLoopback(CreateContainerParameters parameters)
    {
        var host = parameters.HostConfig ??= new HostConfig();
        host.NetworkMode = "slirp4netns";
        foreach (var binding in (host.PortBindings ?? new Dictionary<string, IList<PortBinding>>()).Values.SelectMany(bindings => bindings))
        {
            binding.HostIP = "127.0.0.1";
        }
    }
}
