using System.Text.Json;
using TaskMaster.Deployment.Tests.Images;

namespace TaskMaster.Deployment.Tests.Tilt;

/// <summary>
/// tools/tiltfile-check (Go, on Debian's go.starlark.net: golang-go and golang-starlark-dev, which
/// scripts/install-deps.sh installs), built once per test run and offline: it runs a Tiltfile with
/// Tilt's built-ins stubbed to their real signatures and prints each call.
/// </summary>
public sealed class TiltfileChecker : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private readonly string _folder = Directory.CreateTempSubdirectory("tm-tiltfile-check-").FullName;

    public string Binary => Path.Combine(_folder, "tiltfile-check");

    public static string Source => Repository.ToolsFolder("tiltfile-check");

    public async ValueTask InitializeAsync()
    {
        const string gopath = "/usr/share/gocode";
        if (!File.Exists("/usr/bin/go")) throw new InvalidOperationException("go is not installed (Debian's golang-go): scripts/install-deps.sh installs it");
        if (!Directory.Exists(Path.Combine(gopath, "src", "go.starlark.net", "starlark")))
            throw new InvalidOperationException($"go.starlark.net is not in {gopath} (Debian's golang-starlark-dev): scripts/install-deps.sh installs it");
        // GOPATH mode on Debian's packaged sources: nothing is downloaded.
        var environment = new Dictionary<string, string>
        {
            ["GO111MODULE"] = "off",
            ["GOPATH"] = gopath,
            ["GOFLAGS"] = "",
            ["GOCACHE"] = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "taskmaster", "go-build"),
        };
        await ToolRun.CheckedAsync("go", ["build", "-o", Binary, Path.Combine(Source, "main.go")], Timeout, environment, _folder);
    }

    /// <summary>Runs <paramref name="tiltfile"/>: its calls of Tilt's built-ins, or its error.</summary>
    public async Task<TiltfileRun> RunAsync(string tiltfile)
    {
        var result = await ToolRun.RunAsync(Binary, [tiltfile], Timeout);
        var calls = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(call => new TiltCall(call.GetProperty("fn").GetString()!, call.GetProperty("args")))
            .ToList();
        return new TiltfileRun(result.ExitCode, calls, result.Error);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>One call of a Tilt built-in: its name and the arguments it was given, by parameter.</summary>
public sealed record TiltCall(string Function, JsonElement Arguments)
{
    public string? Text(string parameter) => Arguments.TryGetProperty(parameter, out var value) ? value.GetString() : null;

    public IReadOnlyList<JsonElement> List(string parameter) =>
        Arguments.TryGetProperty(parameter, out var value) ? [.. value.EnumerateArray()] : [];
}

public sealed record TiltfileRun(int ExitCode, IReadOnlyList<TiltCall> Calls, string Error)
{
    public IEnumerable<TiltCall> Of(string function) => Calls.Where(call => call.Function == function);
}
