using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Scripts;

/// <summary>What every scripts/servers/*.sh promises its callers (the fixtures and scripts/dev-up.sh), shown on Redis, the quickest.</summary>
public sealed class ServerScriptTests(Servers servers)
{
    [Fact]
    public async Task Start_AfterAStop_ServesOnTheSamePortWithItsData()
    {
        var script = servers.Root.Script("redis", "redis-restart");
        await script.StartAsync();
        var endpoint = script["REDIS_ENDPOINT"];

        await script.RestartAsync();

        Assert.Equal(endpoint, script["REDIS_ENDPOINT"]);
        Assert.True(File.Exists(Path.Combine(script.Directory, "pids")) && File.ReadAllLines(Path.Combine(script.Directory, "pids")).Length == 1);
        await script.StopAsync();
        Assert.Empty(File.ReadAllLines(Path.Combine(script.Directory, "pids")));
    }

    [Fact]
    public async Task Start_WithAnOptionItDoesNotKnow_FailsNamingIt()
    {
        var script = servers.Root.Script("redis", "redis-refused");

        var refused = await Assert.ThrowsAsync<ServerStartException>(() => script.StartAsync(["--bogus"]));

        Assert.Contains("unknown option: --bogus", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithRulesPromtoolRefuses_FailsWithPromtoolsVerdict()
    {
        var script = servers.Root.Script("prometheus", "prometheus-refused");
        var rules = Path.Combine(servers.Root.Folder, "broken-rules.yml");
        await File.WriteAllTextAsync(rules, "groups: [ { name: broken, rules: [ { alert: X, expr: 'sum(' } ] } ]\n");

        var refused = await Assert.ThrowsAsync<ServerStartException>(() => script.StartAsync(["--rules", rules]));

        Assert.Contains("unclosed left parenthesis", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(script.Directory, "prometheus.log")), "Prometheus was started with rules promtool refused");
    }
}
