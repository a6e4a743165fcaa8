using Grpc.Core;
using TaskMaster.Contracts.Scheduler.V1;
using SchedulerClient = TaskMaster.Contracts.Scheduler.V1.SchedulerService.SchedulerServiceClient;
using TaskMaster.Core.Events;

namespace TaskMaster.SchedulerService.Tests.Support;

/// <summary>Following a run over the API: its events as they are journaled, until its last.</summary>
internal static class RunWaits
{
    /// <summary>Every event of the run from the start, followed until it completes or is interrupted.</summary>
    /// <param name="follow">False: only what is journaled now.</param>
    public static async Task<List<RunEvent>> WatchToEndAsync(SchedulerClient client, string runId, int seconds = 60, bool follow = true)
    {
        var events = new List<RunEvent>();
        using var call = client.WatchRun(new WatchRunRequest { RunId = runId, Follow = follow }, SchedulerClients.Within(seconds));
        await foreach (var message in call.ResponseStream.ReadAllAsync())
            events.Add(RunEventJson.Deserialize(message.Json.Span));
        return events;
    }

    /// <summary>Waits for the first event of the run that <paramref name="match"/> takes.</summary>
    public static async Task<RunEvent> FirstAsync(SchedulerClient client, string runId, Func<RunEvent, bool> match, int seconds = 60)
    {
        using var call = client.WatchRun(new WatchRunRequest { RunId = runId, Follow = true }, SchedulerClients.Within(seconds));
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            var e = RunEventJson.Deserialize(message.Json.Span);
            if (match(e)) return e;
        }
        throw new InvalidOperationException($"run {runId} ended without the event awaited");
    }

    /// <summary>The types of the run's events journaled so far, in order.</summary>
    public static async Task<List<string>> JournaledAsync(SchedulerClient client, string runId)
    {
        var types = new List<string>();
        using var call = client.WatchRun(new WatchRunRequest { RunId = runId }, SchedulerClients.Within());
        await foreach (var message in call.ResponseStream.ReadAllAsync()) types.Add($"{message.Sequence} {message.Type}");
        return types;
    }
}
