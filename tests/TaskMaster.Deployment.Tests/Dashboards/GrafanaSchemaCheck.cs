using System.Text.Json;

namespace TaskMaster.Deployment.Tests.Dashboards;

/// <summary>
/// Type-checks dashboards against npm <c>@grafana/schema</c>'s <c>Dashboard</c> type with <c>tsc --noEmit
/// --strict</c>: each dashboard becomes <c>NAME.ts</c> in a folder of its own holding
/// <c>const dashboard: AsJson&lt;Dashboard&gt; = &lt;the JSON&gt;</c>, so a field of a wrong type, or one
/// the schema does not know (in a panel, a target's datasource, a variable), is an error naming its
/// file and line. <c>AsJson</c> lets a string enum of the schema (<c>ThresholdsMode</c>, <c>MappingType</c>)
/// be written as the string Grafana stores in JSON (<c>"absolute"</c>), and changes nothing else.
/// </summary>
internal static class GrafanaSchemaCheck
{
    private const string Header = """
        import type { Dashboard } from '@grafana/schema';
        type AsJson<T> = T extends string ? `${T}` : T extends object ? { [K in keyof T]: AsJson<T[K]> } : T;
        const dashboard: AsJson<Dashboard> =
        """;

    /// <summary>Checks the dashboards (file name → JSON text) in one tsc run: its exit code and what it printed.</summary>
    public static async Task<ToolResult> CheckAsync(IReadOnlyDictionary<string, string> dashboards)
    {
        var tsc = Path.Combine(DashboardFiles.ToolsFolder, "node_modules", "typescript", "bin", "tsc");
        var schema = Path.Combine(DashboardFiles.ToolsFolder, "node_modules", "@grafana", "schema");
        foreach (var needed in new[] { tsc, Path.Combine(schema, "package.json") })
        {
            if (!File.Exists(needed))
                throw new InvalidOperationException($"the dashboard check needs {needed}: run scripts/install-deps.sh (npm ci --prefix {DashboardFiles.ToolsFolder})");
        }
        var folder = Directory.CreateTempSubdirectory("taskmaster-dashboards-").FullName;
        try
        {
            var files = new List<string>();
            foreach (var (name, json) in dashboards)
            {
                var file = Path.ChangeExtension(name, ".ts");
                await File.WriteAllTextAsync(Path.Combine(folder, file), $"{Header} {json.Trim()};\nexport default dashboard;\n");
                files.Add(file);
            }
            var config = new
            {
                compilerOptions = new
                {
                    strict = true, noEmit = true, target = "es2022", module = "esnext", moduleResolution = "bundler",
                    skipLibCheck = true, types = Array.Empty<string>(),
                    paths = new Dictionary<string, string[]> { ["@grafana/schema"] = [schema] },
                },
                files,
            };
            await File.WriteAllTextAsync(Path.Combine(folder, "tsconfig.json"), JsonSerializer.Serialize(config));
            return await DashboardFiles.RunAsync("node", [tsc, "-p", folder, "--noEmit", "--strict", "--pretty", "false"], folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
