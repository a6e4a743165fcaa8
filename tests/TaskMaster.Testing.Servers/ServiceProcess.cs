namespace TaskMaster.Testing.Servers;

/// <summary>
/// One TaskMaster service (scheduler, worker, checkpoint, monitor) as a real process, run from its
/// build output by scripts/servers/service.sh (as scripts/dev-up.sh runs it), configured by its
/// <c>TASKMASTER_*</c> settings; returned once its <c>/readyz</c> answers 200 (or its <c>/healthz</c>,
/// for a test of a service that is not ready). Tests crash it
/// (SIGKILL), stop it (SIGTERM: its graceful shutdown) and start it again on the same ports.
/// </summary>
public sealed class ServiceProcess : RealServer
{
    private readonly ServerScript _script;

    private ServiceProcess(ServerScript script, string service)
        : base(script)
    {
        _script = script;
        Service = service;
        HttpUrl = new Uri(script["SERVICE_HTTP_URL"]);
        GrpcUrl = new Uri(script["SERVICE_GRPC_URL"]);
    }

    /// <summary>scheduler, worker, checkpoint or monitor.</summary>
    public string Service { get; }

    /// <summary>Health, readiness, metrics (and the monitor's dashboard): HTTP/1.1.</summary>
    public Uri HttpUrl { get; }

    /// <summary>gRPC (cleartext HTTP/2).</summary>
    public Uri GrpcUrl { get; }

    /// <param name="service">scheduler, worker, checkpoint or monitor.</param>
    /// <param name="settings">its settings, <c>TASKMASTER_&lt;SECTION&gt;__&lt;KEY&gt;</c> → value.</param>
    /// <param name="instance">the folder's name under <paramref name="root"/> (two workers need two).</param>
    public static Task<ServiceProcess> StartAsync(
        ServerRoot root, string service, IReadOnlyDictionary<string, string> settings, string? instance = null, CancellationToken cancellationToken = default) =>
        StartAsync(root, service, settings, instance, untilReady: true, cancellationToken);

    /// <summary>As <see cref="StartAsync(ServerRoot, string, IReadOnlyDictionary{string, string}, string?, CancellationToken)"/>, returned once it is alive (<c>/healthz</c>), ready or not.</summary>
    public static Task<ServiceProcess> StartLiveAsync(
        ServerRoot root, string service, IReadOnlyDictionary<string, string> settings, string? instance = null, CancellationToken cancellationToken = default) =>
        StartAsync(root, service, settings, instance, untilReady: false, cancellationToken);

    private static async Task<ServiceProcess> StartAsync(
        ServerRoot root, string service, IReadOnlyDictionary<string, string> settings, string? instance, bool untilReady, CancellationToken cancellationToken)
    {
        var options = new List<string> { "--binary", ServiceBinaries.EntryAssembly(service) };
        if (!untilReady)
        {
            options.Add("--live");
        }
        foreach (var (key, value) in settings)
        {
            options.AddRange(["--env", $"{key}={value}"]);
        }
        var script = root.Script("service", instance ?? service);
        await script.StartAsync(options, cancellationToken);
        return new ServiceProcess(script, service);
    }

    /// <summary>SIGKILL, as a crash would; <see cref="StartAgainAsync"/> brings it back on its ports.</summary>
    public Task KillAsync(CancellationToken cancellationToken = default) => _script.KillAsync(cancellationToken);

    /// <summary>As <see cref="StartAgainAsync"/>, returned once it is alive (<c>/healthz</c>), ready or not.</summary>
    public Task StartAgainLiveAsync(CancellationToken cancellationToken = default) => _script.StartAsync(["--live"], cancellationToken);

    /// <summary>SIGSTOP: the process freezes where it is (a long GC pause, a VM stall), its sockets open; <see cref="Continue"/> wakes it.</summary>
    public void Pause() => _script.Signal(19);

    /// <summary>SIGCONT: a paused process goes on from where it froze.</summary>
    public void Continue() => _script.Signal(18);

    /// <summary>Whether the process is still running (not ended, not a zombie).</summary>
    public bool IsAlive => _script.IsRunning;

    /// <summary>What <c>/readyz</c> (<paramref name="path"/>) answers now: 200 is true; no answer is false.</summary>
    public async Task<bool> AnswersAsync(string path = "readyz")
    {
        using var http = new HttpClient { BaseAddress = HttpUrl, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(path);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
