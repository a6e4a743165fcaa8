using System.Net.Http.Json;
using System.Text.Json;

namespace TaskMaster.Testing.Servers;

/// <summary>
/// Prometheus 2 on loopback (scripts/servers/prometheus.sh), scraping and evaluating every second;
/// targets are added while it runs (file service discovery), each under a job of its own.
/// </summary>
public sealed class PrometheusServer : RealServer
{
    private readonly ServerScript _script;
    private readonly HttpClient _http;

    private PrometheusServer(ServerScript script)
        : base(script)
    {
        _script = script;
        Url = new Uri(script["PROMETHEUS_URL"]);
        _http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Url { get; }

    /// <param name="rules">rules files, checked by promtool before it starts.</param>
    /// <param name="alertmanager">host:port its alerts go to.</param>
    public static async Task<PrometheusServer> StartAsync(
        ServerRoot root, IEnumerable<string>? rules = null, string? alertmanager = null, string instance = "prometheus", CancellationToken cancellationToken = default)
    {
        var options = new List<string>();
        foreach (var file in rules ?? [])
        {
            options.AddRange(["--rules", file]);
        }
        if (alertmanager is not null)
        {
            options.AddRange(["--alertmanager", alertmanager]);
        }
        var script = root.Script("prometheus", instance);
        await script.StartAsync(options, cancellationToken);
        return new PrometheusServer(script);
    }

    /// <summary>Scrapes http://<paramref name="hostPort"/>/metrics from now on, its series labelled job=<paramref name="job"/>.</summary>
    public async Task AddTargetAsync(string job, string hostPort)
    {
        var targets = new[] { new { targets = new[] { hostPort }, labels = new Dictionary<string, string> { ["job"] = job } } };
        var file = Path.Combine(_script.Directory, "targets", $"{job}.json");
        // Written aside and renamed: Prometheus may read the folder at any moment.
        await File.WriteAllTextAsync(file + ".tmp", JsonSerializer.Serialize(targets));
        File.Move(file + ".tmp", file, overwrite: true);
    }

    /// <summary>An instant PromQL query's result vector (data.result).</summary>
    public async Task<JsonElement> QueryAsync(string promql)
    {
        var answer = await _http.GetFromJsonAsync<JsonElement>($"api/v1/query?query={Uri.EscapeDataString(promql)}");
        return answer.GetProperty("data").GetProperty("result");
    }
}
