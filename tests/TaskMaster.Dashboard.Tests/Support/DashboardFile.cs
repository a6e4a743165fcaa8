using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TaskMaster.Dashboard.Tests.Support;

/// <summary>
/// The dashboard and report pages as the Monitor assembly embeds them, written to files with their
/// data the way monitor-init and the report write it: JSON encoded so that <c>&lt;</c> cannot close the tag.
/// </summary>
internal static class DashboardFile
{
    private const string ConfigTag = "<script id=\"tm-config\" type=\"application/json\">{}</script>";
    private const string ReportTag = "<script id=\"tm-report-data\" type=\"application/json\">{}</script>";

    public static string Html(string page = "dashboard")
    {
        var monitor = Assembly.Load("TaskMaster.Monitor");
        using var stream = monitor.GetManifestResourceStream($"TaskMaster.Monitor.{page}.html")
            ?? throw new InvalidOperationException($"TaskMaster.Monitor has no embedded {page}.html");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Writes the dashboard with <paramref name="config"/> and returns its file:// URL.</summary>
    public static string Write(string folder, JsonObject config) => WritePage(folder, "dashboard", ConfigTag, config);

    /// <summary>Writes report.html holding <paramref name="report"/> and returns its file:// URL.</summary>
    public static string WriteReport(string folder, JsonObject report) => WritePage(folder, "report", ReportTag, report);

    private static string WritePage(string folder, string page, string tag, JsonObject data)
    {
        var html = Html(page);
        Assert.Contains(tag, html, StringComparison.Ordinal);
        // The default encoder writes < > & as \u escapes: no text in the data can close the script tag.
        var json = data.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default });
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{page}.html");
        File.WriteAllText(path, html.Replace(tag, tag.Replace("{}", json, StringComparison.Ordinal), StringComparison.Ordinal));
        return new Uri(path).AbsoluteUri;
    }

    /// <summary>A graph document (the /api/v1/graph shape) of <paramref name="count"/> tasks.</summary>
    public static JsonObject Graph(int count, int phases, Func<int, string>? title = null)
    {
        var tasks = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var depends = new JsonArray();
            // Each task needs one or two earlier ones: a layered DAG like a real build.
            if (i >= 1) depends.Add($"t{(i - 1) / 2}");
            if (i >= 7 && i % 3 == 0) depends.Add($"t{i - 7}");
            tasks.Add(new JsonObject
            {
                ["id"] = $"t{i}", ["title"] = title?.Invoke(i) ?? $"Task number {i}", ["description"] = "generated",
                ["phase"] = phases > 0 ? $"Phase {i * phases / count}" : null, ["depends_on"] = depends,
                ["critical"] = false, ["estimate_seconds"] = null,
            });
        }
        var phaseList = new JsonArray();
        for (var p = 0; p < phases; p++) phaseList.Add(new JsonObject { ["name"] = $"Phase {p}", ["description"] = "" });
        return new JsonObject
        {
            ["run_id"] = null, ["queue"] = new JsonObject { ["name"] = "generated", ["path"] = "task-queue.md" },
            ["phases"] = phaseList, ["tasks"] = tasks,
        };
    }
}
