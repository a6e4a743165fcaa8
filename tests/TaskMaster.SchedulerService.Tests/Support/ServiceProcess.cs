using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using SchedulerClient = TaskMaster.Contracts.Scheduler.V1.SchedulerService.SchedulerServiceClient;

namespace TaskMaster.SchedulerService.Tests.Support;

/// <summary>The scheduler service as its own process (the binary the images run), configured by TASKMASTER_* variables; killed when disposed.</summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly List<GrpcChannel> _channels = [];

    private ServiceProcess(Process process, ServiceFolder folder, Uri grpc)
    {
        _process = process;
        Folder = folder;
        GrpcAddress = grpc;
    }

    public ServiceFolder Folder { get; }

    public Uri GrpcAddress { get; }

    /// <summary>The most memory the process has held so far (its peak resident set, Linux's VmHWM).</summary>
    public long PeakResidentBytes =>
        File.ReadLines($"/proc/{_process.Id}/status").Where(line => line.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024)
            .Single();

    /// <summary>Starts it and returns once its gRPC health answers SERVING (every unfinished run resumed).</summary>
    public static async Task<ServiceProcess> StartAsync(ServiceFolder folder)
    {
        var grpcPort = FreePort();
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "taskmaster-scheduler"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var (key, value) in folder.Settings)
            start.Environment["TASKMASTER_" + key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()] = value;
        start.Environment["TASKMASTER_LISTEN__GRPCPORT"] = grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(start)!;
        var service = new ServiceProcess(process, folder, new Uri($"http://127.0.0.1:{grpcPort}"));
        process.OutputDataReceived += (_, line) => service.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => service.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var health = new Health.HealthClient(service.Channel());
            var answer = await health.CheckAsync(new HealthCheckRequest(), new CallOptions(deadline: DateTime.UtcNow.AddSeconds(60)).WithWaitForReady(true));
            if (answer.Status != HealthCheckResponse.Types.ServingStatus.Serving) throw new InvalidOperationException($"health: {answer.Status}");
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException)
        {
            await service.DisposeAsync();
            throw new InvalidOperationException($"the scheduler service did not become ready: {e.Message}\n{service.Tail}", e);
        }
        return service;
    }

    public SchedulerClient Client() => SchedulerClients.Create(GrpcAddress, $"Bearer {Folder.Token}", _channels);

    /// <summary>SIGKILL, as a crash: nothing is flushed, nothing is told.</summary>
    public async Task CrashAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public string Tail => string.Join('\n', _output.TakeLast(40));

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 200) _output.TryDequeue(out _);
    }

    private GrpcChannel Channel()
    {
        var channel = GrpcChannel.ForAddress(GrpcAddress);
        _channels.Add(channel);
        return channel;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels) channel.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        _process.Dispose();
    }
}
