using System.Globalization;
using TaskMaster.Testing.Servers;

namespace TaskMaster.Deployment.Tests.Images;

/// <summary>
/// One service image running as the chart runs it: a read-only root with tmpfs at /tmp and
/// /var/lib/taskmaster (the chart's emptyDirs, writable by anyone as theirs are), the image's own
/// user (no --user), its HTTP and gRPC ports given by environment, on the host's network (never
/// podman's default bridge) with runc and the rlimits runc needs here. Removed when disposed.
/// </summary>
public sealed class ServiceContainer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly ImagePodman _podman;

    private ServiceContainer(ImagePodman podman, string name, int httpPort, int pid)
    {
        _podman = podman;
        Name = name;
        HttpUrl = new Uri($"http://127.0.0.1:{httpPort}/");
        Pid = pid;
    }

    public string Name { get; }

    public Uri HttpUrl { get; }

    /// <summary>The service's process, as the host sees it.</summary>
    public int Pid { get; }

    /// <summary>Starts <paramref name="image"/> and returns once it answers <paramref name="health"/> (healthz or readyz) with 200.</summary>
    public static async Task<ServiceContainer> StartAsync(ImagePodman podman, string image, IReadOnlyDictionary<string, string> settings, string health = "healthz")
    {
        var name = $"tm-image-test-{Guid.NewGuid().ToString("N")[..10]}";
        var (http, grpc) = (ContainerEngine.FreePort(), ContainerEngine.FreePort());
        List<string> arguments =
        [
            "run", "--detach", "--name", name,
            "--runtime", "/usr/sbin/runc", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", "--network", "host",
            "--read-only", "--tmpfs", "/tmp:rw,mode=1777", "--tmpfs", "/var/lib/taskmaster:rw,mode=1777",
            "--env", $"TASKMASTER_LISTEN__HTTPPORT={http.ToString(CultureInfo.InvariantCulture)}",
            "--env", $"TASKMASTER_LISTEN__GRPCPORT={grpc.ToString(CultureInfo.InvariantCulture)}",
        ];
        foreach (var (key, value) in settings) arguments.AddRange(["--env", $"{key}={value}"]);
        arguments.Add(image);
        await podman.RunAsync([.. arguments]);
        try
        {
            var pid = int.Parse((await podman.RunAsync("inspect", "--format", "{{.State.Pid}}", name)).Trim(), CultureInfo.InvariantCulture);
            var container = new ServiceContainer(podman, name, http, pid);
            await container.AwaitAsync(health);
            return container;
        }
        catch
        {
            await podman.TryAsync("rm", "--force", "--time", "0", name);
            throw;
        }
    }

    private async Task AwaitAsync(string health)
    {
        using var client = new HttpClient { BaseAddress = HttpUrl, Timeout = TimeSpan.FromSeconds(5) };
        await Probe.UntilAsync<string>(async () =>
        {
            using var response = await client.GetAsync(health);
            if (response.IsSuccessStatusCode) return health;
            if (!ProcessState.HasEnded(Pid)) return null;
            throw new ContainerEndedException($"{Name} ended before answering /{health}:{Environment.NewLine}{await LogsAsync()}");
        }, StartTimeout, $"{Name} answering /{health} on {HttpUrl}", () => LogsAsync().GetAwaiter().GetResult());
    }

    /// <summary>/proc/PID/status's Uid: line (real, effective, saved, file system UIDs) of the service's process.</summary>
    public string[] Uids() =>
        File.ReadLines($"/proc/{Pid}/status").Single(line => line.StartsWith("Uid:", StringComparison.Ordinal))
            .Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[1..];

    /// <summary>The mount options of the file system the process sees at <paramref name="mountPoint"/> (its /proc/PID/mountinfo).</summary>
    public IReadOnlySet<string> MountOptions(string mountPoint) =>
        File.ReadLines($"/proc/{Pid}/mountinfo").Select(line => line.Split(' '))
            .LastOrDefault(fields => fields[4] == mountPoint) is { } mount
            ? mount[5].Split(',').ToHashSet(StringComparer.Ordinal)
            : throw new InvalidOperationException($"{Name}: nothing is mounted at {mountPoint} (/proc/{Pid}/mountinfo)");

    /// <summary>Runs <c>/bin/sh -c <paramref name="script"/></c> in the container as its user.</summary>
    public Task<ToolResult> ShellAsync(string script) => _podman.TryAsync("exec", Name, "/bin/sh", "-c", script);

    public async Task<string> LogsAsync()
    {
        var logs = await _podman.TryAsync("logs", "--tail", "40", Name);
        return logs.Output + logs.Error;
    }

    public async ValueTask DisposeAsync() => await _podman.TryAsync("rm", "--force", "--time", "0", Name);
}

/// <summary>A container ended while a test awaited it.</summary>
public sealed class ContainerEndedException : Exception
{
    public ContainerEndedException()
    {
    }

    public ContainerEndedException(string message)
        : base(message)
    {
    }

    public ContainerEndedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
