using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TaskMaster.IntegrationTests.Cluster;

/// <summary>
/// The PromQL of the chart's dashboards (<c>charts/taskmaster/dashboards/*.json</c>): every panel's
/// queries and every variable's, with Grafana's variables substituted as Grafana would for the values
/// chosen (a multi-value variable as a regex alternation, <c>$__rate_interval</c> as a duration).
/// </summary>
internal static partial class DashboardQueries
{
    public static string Folder { get; } = Path.Combine(Testing.Servers.ServerScript.RepositoryRoot, "charts", "taskmaster", "dashboards");

    /// <summary>Each panel's query: where it is (dashboard, panel, refId) and its PromQL as written.</summary>
    public static IReadOnlyList<(string Where, string Expr)> Panels() =>
    [
        .. Dashboards().SelectMany(d => d.Node["panels"]!.AsArray()
            .SelectMany(p => new[] { p! }.Concat(p!["panels"]?.AsArray().Select(n => n!) ?? []))
            .SelectMany(p => (p["targets"]?.AsArray() ?? []).Select(t => ($"{d.File} / {p["title"]} / {t!["refId"]}", (string)t["expr"]!)))),
    ];

    /// <summary>Each query variable's selector (<c>label_values(SELECTOR, label)</c>): where it is, the selector and the label.</summary>
    public static IReadOnlyList<(string Where, string Selector, string Label)> Variables() =>
    [
        .. Dashboards().SelectMany(d => d.Node["templating"]!["list"]!.AsArray()
            .Where(v => (string?)v!["type"] == "query")
            .Select(v => (Where: $"{d.File} / ${v!["name"]}", Match: LabelValues().Match((string)v["query"]!["query"]!)))
            .Select(v => v.Match.Success
                ? (v.Where, v.Match.Groups["selector"].Value, v.Match.Groups["label"].Value)
                : throw new FormatException($"{v.Where}: not label_values(SELECTOR, LABEL)"))),
    ];

    /// <summary>The expression with <paramref name="values"/> (variable name → its regex) and Grafana's own variables put in.</summary>
    public static string Substitute(string expr, IReadOnlyDictionary<string, string> values)
    {
        var text = expr.Replace("$__rate_interval", "1m", StringComparison.Ordinal).Replace("$__interval", "15s", StringComparison.Ordinal);
        foreach (var (name, value) in values) text = text.Replace("$" + name, value, StringComparison.Ordinal);
        return Leftover().IsMatch(text) ? throw new FormatException($"a variable is left in {text}") : text;
    }

    private static IEnumerable<(string File, JsonNode Node)> Dashboards() =>
        Directory.GetFiles(Folder, "*.json").Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), JsonNode.Parse(File.ReadAllText(f))!));

    [GeneratedRegex(@"^label_values\((?<selector>.+),\s*(?<label>\w+)\)$")]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"\$\w")]
    private static partial Regex Leftover();
}
