using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TaskMaster.Dashboard.Tests.Support;

/// <summary>
/// The dashboard as the Monitor assembly embeds it, written to a file with a configuration the
/// way monitor-init writes one: JSON in #tm-config, encoded so that <c>&lt;</c> cannot close the tag.
/// </summary>
internal static class DashboardFile
{
    private const string ConfigTag = "<script id=\"tm-config\" type=\"application/json\">{}</script>";

    public static string Html()
    {
        var monitor = Assembly.Load("TaskMaster.Monitor");
        using var stream = monitor.GetManifestResourceStream("TaskMaster.Monitor.dashboard.html")
            ?? throw new InvalidOperationException("TaskMaster.Monitor has no embedded dashboard.html");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Writes the page with <paramref name="config"/> and returns its file:// URL.</summary>
    public static string Write(string folder, JsonObject config)
    {
        var html = Html();
        Assert.Contains(ConfigTag, html, StringComparison.Ordinal);
        var json = config.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default });
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "dashboard.html");
        File.WriteAllText(path, html.Replace(ConfigTag, ConfigTag.Replace("{}", json, StringComparison.Ordinal), StringComparison.Ordinal));
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
