using System.Text.Json;
using TaskMaster.Monitor.Api;
using TaskMaster.Monitor.Dashboard;
using TaskMaster.Monitor.Tests.Support;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Monitor.Tests.Dashboard;

public sealed class DashboardPageTests
{
    [Fact]
    public async Task Root_ServesTheEmbeddedPageWithItsConfig()
    {
        await using var run = await MonitoredRun.StartAsync(Diamond(), _ => null, o => o.UpdateInterval = TimeSpan.FromMilliseconds(500));

        var response = await run.Http.GetAsync("/");

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("test dashboard", page, StringComparison.Ordinal);
        var config = JsonDocument.Parse(ConfigOf(page)).RootElement;
        Assert.Equal("", config.GetProperty("monitor_url").GetString());
        Assert.Equal(500, config.GetProperty("update_interval_ms").GetInt32());
        Assert.Equal(JsonValueKind.Null, config.GetProperty("graph").ValueKind);
    }

    [Fact]
    public void Render_AHostileTitle_CannotCloseTheScript()
    {
        var queue = QueueOf(TaskDef("x") with { Title = "</script><script>alert(1)</script> & <!--" });
        var page = DashboardPage.Render(DashboardPage.LoadTemplate(typeof(DashboardPageTests).Assembly),
            new DashboardConfig("http://127.0.0.1:7420/", 1000, true, GraphDocument.From(queue, null)));

        var config = ConfigOf(page);
        Assert.DoesNotContain("<", config, StringComparison.Ordinal);
        Assert.Equal("</script><script>alert(1)</script> & <!--",
            JsonDocument.Parse(config).RootElement.GetProperty("graph").GetProperty("tasks")[0].GetProperty("title").GetString());
    }

    [Fact]
    public void LoadTemplate_WithoutABuiltDashboard_IsThePlainPage()
    {
        // The Monitor assembly embeds the built dashboard (dashboard/Dashboard.targets); this test assembly a test one: CoreLib has none.
        var page = DashboardPage.LoadTemplate(typeof(object).Assembly);

        Assert.Contains(DashboardPage.ConfigScript, page, StringComparison.Ordinal);
        Assert.Contains("/metrics", page, StringComparison.Ordinal);
    }

    private static string ConfigOf(string page)
    {
        const string open = "<script id=\"tm-config\" type=\"application/json\">";
        var start = page.IndexOf(open, StringComparison.Ordinal) + open.Length;
        return page[start..page.IndexOf("</script>", start, StringComparison.Ordinal)];
    }
}
