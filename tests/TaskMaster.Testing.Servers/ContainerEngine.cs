using System.Net;
using System.Net.Sockets;
using DotNet.Testcontainers.Configurations;

namespace TaskMaster.Testing.Servers;

/// <summary>
/// Whether servers run as containers (Testcontainers, when a Docker engine answers: a laptop) or
/// from the local binaries scripts/install-deps.sh installs (CI, and machines without Docker).
/// TASKMASTER_SERVERS=local or =containers overrides the guess.
/// </summary>
public static class ContainerEngine
{
    public static bool IsReachable { get; } = Environment.GetEnvironmentVariable("TASKMASTER_SERVERS") switch
    {
        "local" => false,
        "containers" => true,
        _ => TestcontainersSettings.OS.DockerEndpointAuthConfig is not null,
    };

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
}
