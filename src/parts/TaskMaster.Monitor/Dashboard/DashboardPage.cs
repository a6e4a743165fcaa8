using System.Reflection;
using System.Text.Json;

namespace TaskMaster.Monitor.Dashboard;

/// <summary>
/// The dashboard page: the <c>dashboard.html</c> built by <c>dashboard/</c> and embedded in this
/// assembly, with its configuration put in place of the <c>{}</c> of its <c>tm-config</c> script.
/// A build made without the dashboard embeds a plain page that says so and links the API.
/// </summary>
public static class DashboardPage
{
    public const string ConfigScript = "<script id=\"tm-config\" type=\"application/json\">{}</script>";

    private const string ResourceName = "dashboard.html";

    private const string FallbackResourceName = "TaskMaster.Monitor.Dashboard.fallback.html";

    /// <summary>
    /// The page's template: <c>dashboard.html</c> from <paramref name="assembly"/> (this one by default);
    /// the plain page when there is none or it has no <c>tm-config</c> script to fill (a broken build must not stop a run).
    /// </summary>
    public static string LoadTemplate(Assembly? assembly = null)
    {
        var source = assembly ?? typeof(DashboardPage).Assembly;
        var name = source.GetManifestResourceNames().FirstOrDefault(n =>
            n.Equals(ResourceName, StringComparison.OrdinalIgnoreCase) || n.EndsWith("." + ResourceName, StringComparison.OrdinalIgnoreCase));
        var built = name is null ? null : Read(source, name);
        return built is not null && built.Contains(ConfigScript, StringComparison.Ordinal)
            ? built
            : Read(typeof(DashboardPage).Assembly, FallbackResourceName);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"resource {name} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The page with <paramref name="config"/> in it.</summary>
    /// <exception cref="InvalidOperationException">The template has no <c>tm-config</c> script.</exception>
    public static string Render(string template, DashboardConfig config)
    {
        ArgumentNullException.ThrowIfNull(template);
        var at = template.IndexOf(ConfigScript, StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException("the dashboard page has no <script id=\"tm-config\" type=\"application/json\">{}</script>");
        return string.Concat(template.AsSpan(0, at), ConfigScript.Replace("{}", EncodeConfig(config), StringComparison.Ordinal),
            template.AsSpan(at + ConfigScript.Length));
    }

    /// <summary>
    /// The configuration as JSON that is safe inside a script element: every <c>&lt;</c> (and
    /// <c>&gt;</c>, <c>&amp;</c>) is a <c>\u</c> escape, so no user text can close the tag.
    /// </summary>
    public static string EncodeConfig(DashboardConfig config)
    {
        // The default encoder escapes HTML-sensitive characters; the replacements keep that true whatever encoder is configured.
        var json = JsonSerializer.Serialize(config, Api.MonitorJson.Options);
        return json.Replace("<", "\\u003c", StringComparison.Ordinal).Replace(">", "\\u003e", StringComparison.Ordinal)
            .Replace("&", "\\u0026", StringComparison.Ordinal);
    }
}
