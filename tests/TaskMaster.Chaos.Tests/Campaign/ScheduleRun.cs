using Grpc.Core;
using TaskMaster.Chaos.Tests.Checking;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.SchedulerService.Tests.Support;

namespace TaskMaster.Chaos.Tests.Campaign;

/// <summary>
/// One schedule of a campaign: a queue generated from the seed is submitted to the scheduler replica that leads,
/// a client follows the run on the leader, the seeded faults are injected one after another while it runs, and
/// once it has ended (or the liveness bound has passed) the history is gathered (the journal straight from
/// Redis, with each entry's fencing token) and checked.
/// </summary>
public sealed class ScheduleRun(ChaosStack stack, TimeProvider time)
{
    /// <param name="FencedWrites">Writes to the run's journal its fence refused as a stale leader's (the store's count).</param>
    /// <param name="Terms">The fencing tokens the journal was written under, in the journal's order (a takeover adds one).</param>
    public sealed record Outcome(int Seed, string RunId, CheckResult Result, IReadOnlyList<FaultRecord> Faults, string QueueFolder, long FencedWrites, IReadOnlyList<long> Terms);

    public async Task<Outcome> RunAsync(int seed, IReadOnlyList<FaultKind> kinds, TimeSpan window, TimeSpan livenessBound, CancellationToken cancellationToken)
    {
        var injector = new FaultInjector(stack, time);
        var queue = ChaosQueue.Generate(seed, ChaosStack.WorkerCount * 2, window);
        var folder = stack.QueueFolder(seed);
        var path = queue.WriteTo(folder);
        var plan = FaultSchedule.Plan(seed, kinds, window, ChaosStack.WorkerCount);

        var submittedAt = time.GetUtcNow();
        var client = await stack.LeaderClientAsync();
        var runId = (await client.SubmitRunAsync(new SubmitRunRequest { QueueText = queue.Text, QueuePath = path }, SchedulerClients.Within())).RunId;
        var faults = new List<FaultRecord>();
        await using (var follower = new RunFollower(stack.LeaderClientAsync, runId, time))
        {
            var completed = follower.Completed.Task;
            foreach (var fault in plan)
            {
                var due = submittedAt + fault.At - time.GetUtcNow();
                if (due > TimeSpan.Zero) await Task.WhenAny(completed, Task.Delay(due, time, cancellationToken));
                if (completed.IsCompleted) break;
                faults.Add(await injector.InjectAsync(fault, cancellationToken));
            }
            var healed = faults.Count > 0 ? faults[^1].HealedAt : submittedAt;
            // The bound runs from the last healing; a little more, so that a run just inside it is seen to be.
            var left = healed + livenessBound + TimeSpan.FromSeconds(5) - time.GetUtcNow();
            if (left > TimeSpan.Zero) await Task.WhenAny(completed, Task.Delay(left, time, cancellationToken));
            if (!completed.IsCompleted)
            {
                // Not live: stopped, so that it holds up no later schedule.
                try
                {
                    await (await stack.LeaderClientAsync()).StopRunAsync(new StopRunRequest { RunId = runId, Emergency = true, Reason = $"chaos seed {seed}: not ended within the liveness bound" }, SchedulerClients.Within());
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
                {
                    // It has ended, without completing (interrupted): the liveness check says so.
                }
            }
            var journal = await StoredJournal.ReadAsync(stack.Redis, runId);
            var history = new RunHistory(
                queue.Dependencies,
                AttemptLog.Parse(File.Exists(Path.Combine(folder, ChaosQueue.AttemptLogName)) ? File.ReadAllLines(Path.Combine(folder, ChaosQueue.AttemptLogName)) : []),
                follower.Acknowledged,
                journal.Events,
                journal.FencingTokens,
                faults,
                submittedAt,
                await Leftovers.MessagesAsync(stack.RabbitMq),
                await Leftovers.ProcessesAsync(runId));
            var terms = journal.Events.Select(e => journal.FencingTokens.GetValueOrDefault(e.Sequence)).Distinct().ToList();
            return new Outcome(seed, runId, HistoryChecker.Check(history, livenessBound), faults, folder, journal.Refused, terms);
        }
    }
}
