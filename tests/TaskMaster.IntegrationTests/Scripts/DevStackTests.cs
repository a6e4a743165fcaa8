using System.Diagnostics;
using System.Text.Json;
using TaskMaster.IntegrationTests.Messaging;
using TaskMaster.SchedulerService.Tests.Support;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Scripts;

/// <summary>
/// The README's local cluster, as a user runs it: scripts/dev-up.sh (from the build output the tests
/// run, <c>--from-build</c>, rather than publishing again), a queue run through it with the CLI, a
/// worker added and removed with scripts/dev-workers.sh, Prometheus scraping every service, and
/// scripts/dev-down.sh stopping everything it started.
/// </summary>
public sealed class DevStackTests : IAsyncLifetime
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);

    private readonly ServerRoot _root = new("dev");
    private string Stack => Path.Combine(_root.Folder, "stack");

    private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DevUp_RunAQueueAddAndRemoveAWorker_DevDownStopsEverythingItStarted()
    {
        var up = await RunScriptAsync("dev-up.sh", "--workers", "1", "--dir", Stack, "--from-build", Configuration);
        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Contains("worker-1 ready", up.Stdout, StringComparison.Ordinal);
        var urls = File.ReadLines(Path.Combine(Stack, "urls")).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

        var folder = Directory.CreateDirectory(Path.Combine(_root.Folder, "queue")).FullName;
        File.WriteAllText(Path.Combine(folder, "task-queue.md"), """
            # Queue: through the local cluster

            ### fetch: Fetch
            - run: `echo fetched > fetched.txt`

            ### build: Build
            - depends: fetch
            - run: `test -s fetched.txt && echo built`
            """);
        var run = await TaskMasterCli.RunAsync(folder, "--server", urls["SCHEDULER_GRPC"], "--token-file", urls["TOKEN_FILE"],
            "execute", "--queue", Path.Combine(folder, "task-queue.md"), "--plain");
        Assert.True(run.ExitCode == 0, run + Logs());
        Assert.Contains("2 succeeded", run.Stdout, StringComparison.Ordinal);

        var added = await RunScriptAsync("dev-workers.sh", "add", "--dir", Stack);
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Contains("worker-2 ready", added.Stdout, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = new Uri(urls["PROMETHEUS"]), Timeout = TimeSpan.FromSeconds(30) };
        await Await.ConditionAsync(async () => (await ScrapedUpAsync(http)).SetEquals(["checkpoint", "scheduler", "monitor", "worker"])
                && (await ScrapedUpAsync(http, "worker")).Count == 2,
            TimeSpan.FromMinutes(1), "Prometheus scraping every service, both workers up", Logs);

        var workerPids = Pids("services/worker-2");
        var removed = await RunScriptAsync("dev-workers.sh", "remove", "--dir", Stack);
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Contains("worker-2 stopped", removed.Stdout, StringComparison.Ordinal);
        Assert.All(workerPids, pid => Assert.True(ProcessState.HasEnded(pid), $"worker-2's process {pid} still runs"));

        var everything = Directory.GetFiles(Stack, "pids", SearchOption.AllDirectories).SelectMany(f => Pids(Path.GetRelativePath(Stack, Path.GetDirectoryName(f)!))).ToList();
        Assert.NotEmpty(everything);
        var down = await RunScriptAsync("dev-down.sh", "--dir", Stack);
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.All(everything, pid => Assert.True(ProcessState.HasEnded(pid), $"process {pid} of the stack still runs after dev-down"));
    }

    /// <summary>The <c>service</c> labels Prometheus scrapes with <c>up == 1</c> (those of one service when named: one per instance).</summary>
    private static async Task<HashSet<string>> ScrapedUpAsync(HttpClient http, string? service = null)
    {
        using var answer = JsonDocument.Parse(await http.GetStringAsync("api/v1/query?query=up", Cancel));
        var up = answer.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .Where(r => r.GetProperty("value")[1].GetString() == "1")
            .Select(r => (Service: r.GetProperty("metric").GetProperty("service").GetString()!, Instance: r.GetProperty("metric").GetProperty("instance").GetString()!));
        return service is null ? [.. up.Select(u => u.Service)] : [.. up.Where(u => u.Service == service).Select(u => u.Instance)];
    }

    private List<int> Pids(string folder)
    {
        var file = Path.Combine(Stack, folder, "pids");
        return File.Exists(file) ? [.. File.ReadAllText(file).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)] : [];
    }

    private string Logs() => string.Join(Environment.NewLine,
        Directory.Exists(Path.Combine(Stack, "services"))
            ? Directory.GetFiles(Path.Combine(Stack, "services"), "service.log", SearchOption.AllDirectories)
                .Select(f => $"--- {f} ---{Environment.NewLine}{string.Join(Environment.NewLine, File.ReadLines(f).TakeLast(30))}")
            : []);

    private static async Task<CliOutcome> RunScriptAsync(string script, params string[] args)
    {
        var scripts = Path.GetDirectoryName(ServerScript.ScriptsFolderPath)!;
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(scripts, script));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Cancel);
        var stderr = process.StandardError.ReadToEndAsync(Cancel);
        try
        {
            await process.WaitForExitAsync(Cancel).WaitAsync(ScriptTimeout, Cancel);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        return new CliOutcome(process.ExitCode, await stdout, await stderr);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        // A failed test leaves nothing running.
        if (Directory.Exists(Stack)) await RunScriptAsync("dev-down.sh", "--dir", Stack);
        await _root.DisposeAsync();
    }
}
