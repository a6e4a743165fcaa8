using System.Text.Json;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.IntegrationTests.Support;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Observability;

/// <summary>A real Prometheus scraping a target it is given while it runs, and answering PromQL about it.</summary>
public sealed class PrometheusTests(Servers servers)
{
    [Fact]
    public async Task Query_AfterATargetIsAdded_AnswersWithItsScrapedValue()
    {
        await using var target = await MetricsTarget.StartAsync("# TYPE taskmaster_smoke_tasks gauge\ntaskmaster_smoke_tasks{state=\"running\"} 42\n");
        var job = $"smoke-{Guid.NewGuid():N}"[..14];

        await servers.Prometheus.AddTargetAsync(job, target.HostPort);
        var result = await Probe.UntilAsync<JsonElement[]>(
            async () => (await servers.Prometheus.QueryAsync($"sum by (state) (taskmaster_smoke_tasks{{job=\"{job}\"}})")) is { ValueKind: JsonValueKind.Array } vector && vector.GetArrayLength() > 0
                ? [.. vector.EnumerateArray()]
                : null,
            TimeSpan.FromSeconds(60), $"scraped {target.HostPort}", servers.Prometheus.LogTail);

        var sample = Assert.Single(result);
        Assert.Equal("running", sample.GetProperty("metric").GetProperty("state").GetString());
        Assert.Equal("42", sample.GetProperty("value")[1].GetString());
    }
}
