using System.Diagnostics;
using System.Text;
using TaskMaster.Checkpoint.Remote;
using TaskMaster.Contracts.Checkpoint.V1;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Storage;

/// <summary>
/// The real checkpoint service host (<c>taskmaster-checkpoint</c>, from its own build output) run as a
/// process on loopback ports of its own, configured only through TASKMASTER_* variables, as a user runs it.
/// Killed, with its logs kept for a failing test's message, when disposed.
/// </summary>
internal sealed class CheckpointServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CheckpointServiceProcess(Process process, int httpPort, int grpcPort, string token)
    {
        _process = process;
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}");
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
        Token = token;
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri HttpAddress { get; }

    public Uri GrpcAddress { get; }

    public string Token { get; }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static string HostPath
    {
        get
        {
            // tests/TaskMaster.IntegrationTests/bin/<configuration>/net10.0/ → the host's bin/<configuration>/net10.0/
            var framework = new DirectoryInfo(AppContext.BaseDirectory);
            var configuration = framework.Parent!.Name;
            var root = framework.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "src", "services", "TaskMaster.CheckpointService", "bin", configuration, framework.Name, "taskmaster-checkpoint.dll");
        }
    }

    /// <summary>Starts the service with <paramref name="environment"/> (TASKMASTER_* settings); does not wait for it.</summary>
    public static CheckpointServiceProcess Start(IReadOnlyDictionary<string, string> environment, string token)
    {
        var (httpPort, grpcPort) = (ContainerEngine.FreePort(), ContainerEngine.FreePort());
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(HostPath);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("TASKMASTER_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(key);
        start.Environment["TASKMASTER_LISTEN__HTTPPORT"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["TASKMASTER_LISTEN__GRPCPORT"] = grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return new CheckpointServiceProcess(Process.Start(start)!, httpPort, grpcPort, token);
    }

    /// <summary>Returns once <c>/readyz</c> answers 200 (Redis and S3 reachable); fails with the service's output if it exits or takes over 60 s.</summary>
    public async Task WaitReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the checkpoint service exited ({_process.ExitCode}):{Environment.NewLine}{Output}");
            try
            {
                using var response = await http.GetAsync(new Uri(HttpAddress, "/readyz"), timeout.Token);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"the checkpoint service was not ready within 60 s:{Environment.NewLine}{Output}");
            }
            // A probe, as the server scripts' readiness loops: the service has no event to await from outside.
            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>Waits for the process to end by itself (a refused start); its exit code.</summary>
    public async Task<int> WaitExitAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public (CheckpointService.CheckpointServiceClient Client, IDisposable Channel) Client(string? token = null)
    {
        var (client, channel) = CheckpointServiceClientFactory.Create(GrpcAddress, token ?? Token);
        return (client, channel);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
