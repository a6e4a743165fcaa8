using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Messaging;

/// <summary>
/// The worker service (<c>taskmaster-worker</c>, from its build output) as a real process of its
/// own, on a cluster's broker and prefix; its output kept in a file. Killed when disposed. Its home
/// follows from its id (unless a setting names another): one started again with an id sits on the same home.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process, string id, string home, string output, int httpPort)
    {
        _process = process;
        Id = id;
        Home = home;
        OutputPath = output;
        HttpPort = httpPort;
    }

    public string Id { get; }

    /// <summary>Its TaskMaster home (what <c>$TASKMASTER_HOME</c> is for its tasks).</summary>
    public string Home { get; }

    public string OutputPath { get; }

    public int HttpPort { get; }

    public int Pid => _process.Id;

    public static WorkerProcess Start(BrokerCluster cluster, string id, IReadOnlyDictionary<string, string>? settings = null)
    {
        var home = Path.Combine(cluster.Folder, id);
        var output = Path.Combine(cluster.Folder, id + ".out");
        var httpPort = FreePort();
        var start = new ProcessStartInfo("dotnet", [ServiceBinaries.EntryAssembly("worker")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = cluster.Folder,
        };
        var token = Path.Combine(cluster.Folder, "control.token");
        if (!File.Exists(token)) TaskMaster.Core.Storage.PrivateFiles.WriteAllText(token, "test-token");
        var environment = new Dictionary<string, string>
        {
            ["TASKMASTER_RABBITMQ__URI"] = cluster.Settings.Uri!.ToString(),
            ["TASKMASTER_RABBITMQ__PREFIX"] = cluster.Settings.Prefix,
            ["TASKMASTER_WORKER__ID"] = id,
            ["TASKMASTER_WORKER__HOME"] = home,
            ["TASKMASTER_WORKER__CONCURRENCY"] = "1",
            ["TASKMASTER_LISTEN__HTTPPORT"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TASKMASTER_LISTEN__GRPCPORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TASKMASTER_CONTROL__TOKENFILE"] = token,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("the worker did not start");
        // Appended to: a worker started again with the same id (and home) adds to its predecessor's output.
        var writer = new StreamWriter(new FileStream(output, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(writer, e.Data);
        process.ErrorDataReceived += (_, e) => Write(writer, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process, id, environment["TASKMASTER_WORKER__HOME"], output, httpPort);
    }

    /// <summary>SIGKILL, as a crash would.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM, as an orchestrator stopping it does.</summary>
    public void Terminate()
    {
        if (SendSignal(_process.Id, 15) != 0) throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed");
    }

    /// <summary>Its exit code once it has exited.</summary>
    public async Task<int> ExitedAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync(new CancellationTokenSource(timeout).Token);
        return _process.ExitCode;
    }

    public string OutputTail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(OutputPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return string.Join(Environment.NewLine, reader.ReadToEnd().Split('\n').TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(no output: {e.Message})";
        }
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

    private static void Write(StreamWriter writer, string? line)
    {
        if (line is null) return;
        lock (writer) writer.WriteLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
