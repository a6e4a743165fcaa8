using System.Text.Json;

namespace TaskMaster.Monitor.Reports;

/// <summary>
/// The report as one HTML file: the dashboard's report page (the embedded resource
/// <c>TaskMaster.Monitor.report.html</c>) with the report's JSON in its <c>tm-report-data</c> script tag.
/// </summary>
public static class HtmlReport
{
    public const string ResourceName = "TaskMaster.Monitor.report.html";
    public const string Placeholder = """<script id="tm-report-data" type="application/json">{}</script>""";

    /// <summary>The report page built into this assembly (dashboard/Dashboard.targets embeds it; a build without it fails).</summary>
    public static string EmbeddedTemplate()
    {
        using var stream = typeof(HtmlReport).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the assembly carries no {ResourceName}: build it with dashboard/Dashboard.targets");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <exception cref="ArgumentException">The template has no <see cref="Placeholder"/>.</exception>
    public static string Render(string template, RunReport report)
    {
        ArgumentNullException.ThrowIfNull(template);
        var at = template.IndexOf(Placeholder, StringComparison.Ordinal);
        if (at < 0) throw new ArgumentException("the report template has no tm-report-data script tag to fill", nameof(template));
        var data = Placeholder.Replace("{}", ScriptSafeJson(report), StringComparison.Ordinal);
        return string.Concat(template.AsSpan(0, at), data, template.AsSpan(at + Placeholder.Length));
    }

    /// <summary>
    /// JSON that cannot end the script element it is in: <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> only ever
    /// occur inside JSON strings, where <c>\u003c</c> and the like mean the same.
    /// </summary>
    public static string ScriptSafeJson(RunReport report) =>
        JsonSerializer.Serialize(report, History.InsightsJson.Options)
            .Replace("<", "\\u003c", StringComparison.Ordinal)
            .Replace(">", "\\u003e", StringComparison.Ordinal)
            .Replace("&", "\\u0026", StringComparison.Ordinal)
            .Replace("\u2028", "\\u2028", StringComparison.Ordinal)
            .Replace("\u2029", "\\u2029", StringComparison.Ordinal);
}
