using TaskMaster.Core.Runs;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.Redis;

namespace TaskMaster.IntegrationTests.Storage;

// The catalog is one key every test shares: each asserts on its own runs only.
public sealed class RedisRunCatalogTests(Servers servers)
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Add_TheSameRunTwice_KeepsTheFirstEntry()
    {
        await using var redis = await servers.Redis.ConnectAsync();
        var catalog = new RedisRunCatalog(redis);
        var runId = TestRuns.NewId();

        await catalog.AddAsync(new RunEntry(runId, "first", At), TestContext.Current.CancellationToken);
        await catalog.AddAsync(new RunEntry(runId, "second", At.AddHours(1)), TestContext.Current.CancellationToken);
        var listed = await Mine(catalog, runId);

        Assert.Equal([new RunEntry(runId, "first", At)], listed);
    }

    [Fact]
    public async Task List_GivesTheNewestRunFirst()
    {
        await using var redis = await servers.Redis.ConnectAsync();
        var catalog = new RedisRunCatalog(redis);
        var (older, newer, newest) = (TestRuns.NewId(), TestRuns.NewId(), TestRuns.NewId());

        await catalog.AddAsync(new RunEntry(newer, "q", At.AddMinutes(1)), TestContext.Current.CancellationToken);
        await catalog.AddAsync(new RunEntry(older, "q", At), TestContext.Current.CancellationToken);
        await catalog.AddAsync(new RunEntry(newest, "q", At.AddMinutes(2)), TestContext.Current.CancellationToken);
        var listed = await Mine(catalog, older, newer, newest);

        Assert.Equal([newest, newer, older], listed.Select(r => r.RunId));
    }

    [Fact]
    public async Task MarkEnded_SetsTheEndOfThatRunOnly()
    {
        await using var redis = await servers.Redis.ConnectAsync();
        var catalog = new RedisRunCatalog(redis);
        var (ended, running, unknown) = (TestRuns.NewId(), TestRuns.NewId(), TestRuns.NewId());
        await catalog.AddAsync(new RunEntry(ended, "q", At), TestContext.Current.CancellationToken);
        await catalog.AddAsync(new RunEntry(running, "q", At.AddSeconds(1)), TestContext.Current.CancellationToken);

        await catalog.MarkEndedAsync(ended, At.AddMinutes(5), TestContext.Current.CancellationToken);
        await catalog.MarkEndedAsync(unknown, At.AddMinutes(5), TestContext.Current.CancellationToken);
        var listed = await Mine(catalog, ended, running, unknown);

        Assert.Equal([new RunEntry(running, "q", At.AddSeconds(1)), new RunEntry(ended, "q", At, At.AddMinutes(5))], listed);
    }

    [Fact]
    public async Task MarkResumed_EndedRun_ListsItUnfinishedAgainAndCreatesNoUnknownOne()
    {
        await using var redis = await servers.Redis.ConnectAsync();
        var catalog = new RedisRunCatalog(redis);
        var (resumed, unknown) = (TestRuns.NewId(), TestRuns.NewId());
        await catalog.AddAsync(new RunEntry(resumed, "q", At), TestContext.Current.CancellationToken);
        await catalog.MarkEndedAsync(resumed, At.AddMinutes(5), TestContext.Current.CancellationToken);

        await catalog.MarkResumedAsync(resumed, TestContext.Current.CancellationToken);
        await catalog.MarkResumedAsync(unknown, TestContext.Current.CancellationToken);
        var listed = await Mine(catalog, resumed, unknown);

        Assert.Equal([new RunEntry(resumed, "q", At)], listed);
    }

    private static async Task<List<RunEntry>> Mine(RedisRunCatalog catalog, params string[] runIds) =>
        await catalog.ListAsync(TestContext.Current.CancellationToken).Where(r => runIds.Contains(r.RunId)).ToListAsync();
}
