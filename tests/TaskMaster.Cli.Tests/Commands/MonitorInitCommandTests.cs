using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

public sealed class MonitorInitCommandTests
{
    private const string HostileQueue = """
        # Queue: hostile </script><script>alert(1)</script>

        ### x: Title `</script><img src=x onerror=alert(1)>`
        Description `</script><!--` with `<b>markup</b>`.

        - run: `true`

        ### y: Second
        - depends: x
        - run: `true`
        """;

    [Fact]
    public async Task MonitorInit_WritesSettingsAndADashboardWithTheGraphAndNoWayOutOfItsScript()
    {
        using var workspace = new QueueWorkspace(HostileQueue);
        var dashboard = workspace.PathOf("out/dashboard.html");
        Directory.CreateDirectory(workspace.PathOf("out"));

        var result = await MonitorInit(workspace, "--dashboard", dashboard, "--update-interval", "500ms", "--include-graphs", "--monitor-port", "7431");

        Assert.True(result.ExitCode == 0, result.ToString());
        var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(workspace.Home, "monitor.json"))).RootElement;
        Assert.Equal(7431, settings.GetProperty("port").GetInt32());
        Assert.Equal("127.0.0.1", settings.GetProperty("host").GetString());
        Assert.Equal(500, settings.GetProperty("update_interval_ms").GetInt32());
        Assert.True(settings.GetProperty("include_graphs").GetBoolean());
        Assert.Equal(workspace.QueueFile, settings.GetProperty("queue").GetString());
        var config = ConfigOf(File.ReadAllText(dashboard));
        Assert.DoesNotContain("<", config, StringComparison.Ordinal);
        var parsed = JsonDocument.Parse(config).RootElement;
        Assert.Equal("http://127.0.0.1:7431/", parsed.GetProperty("monitor_url").GetString());
        var tasks = parsed.GetProperty("graph").GetProperty("tasks");
        Assert.Equal(["x", "y"], tasks.EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        Assert.Equal("Title </script><img src=x onerror=alert(1)>", tasks[0].GetProperty("title").GetString());
        Assert.Contains("</script><!--", tasks[0].GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitorInit_InvalidQueue_FailsLikeValidate()
    {
        using var workspace = new QueueWorkspace("# Queue: bad\n\n### a: A\n- depends: nope\n- run: `true`\n");

        var result = await MonitorInit(workspace, "--dashboard", workspace.PathOf("dashboard.html"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("task-queue.md:4:", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(workspace.PathOf("dashboard.html")));
    }

    [Fact]
    public async Task Execute_MonitorWithoutAPort_UsesTheOneMonitorInitSaved()
    {
        using var workspace = new QueueWorkspace("# Queue: q\n\n### a: A\n- run: `true`\n");
        var port = FreePort();
        Assert.Equal(0, (await MonitorInit(workspace, "--dashboard", workspace.PathOf("d.html"), "--monitor-port", port.ToString())).ExitCode);

        var result = await workspace.ExecuteAsync("--monitor");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Dashboard: http://127.0.0.1:{port}/#token=", result.Stdout, StringComparison.Ordinal);
    }

    private static Task<CliResult> MonitorInit(QueueWorkspace workspace, params string[] extra) =>
        CliProcess.RunAsync(workspace.Root, ["monitor-init", "--queue", "task-queue.md", "--home", workspace.Home, .. extra]);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string ConfigOf(string page)
    {
        const string open = "<script id=\"tm-config\" type=\"application/json\">";
        var start = page.IndexOf(open, StringComparison.Ordinal);
        Assert.True(start >= 0, "no tm-config script");
        start += open.Length;
        return page[start..page.IndexOf("</script>", start, StringComparison.Ordinal)];
    }
}
