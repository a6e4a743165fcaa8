using Grpc.Core;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Events;
using TaskMaster.SchedulerService.Tests.Support;
using SchedulerClient = TaskMaster.Contracts.Scheduler.V1.SchedulerService.SchedulerServiceClient;

namespace TaskMaster.Chaos.Tests.Campaign;

/// <summary>
/// A client following a run's events over the scheduler's API as a user's would: every event it is shown
/// is acknowledged to it. It follows on the replica that leads, and whenever that one goes away (killed,
/// restarting, stepped down) it finds the leader again and reconnects after the events it has, until it is
/// shown the run's completion (<see cref="Completed"/>) or is stopped.
/// </summary>
public sealed class RunFollower : IAsyncDisposable
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromMilliseconds(200);

    private readonly Func<Task<SchedulerClient>> _leader;
    private readonly string _runId;
    private readonly TimeProvider _time;
    private readonly List<RunEvent> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _following;

    /// <param name="leader">A client of the replica that leads now, awaited on each (re)connection.</param>
    public RunFollower(Func<Task<SchedulerClient>> leader, string runId, TimeProvider time)
    {
        (_leader, _runId, _time) = (leader, runId, time);
        _following = FollowAsync();
    }

    /// <summary>Completes with the run's completion once the follower is shown it.</summary>
    public TaskCompletionSource<RunCompleted> Completed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The events shown so far.</summary>
    public IReadOnlyList<RunEvent> Acknowledged
    {
        get { lock (_events) return [.. _events]; }
    }

    private async Task FollowAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var after = Acknowledged.Count > 0 ? Acknowledged[^1].Sequence : 0;
                var client = await _leader().WaitAsync(_stop.Token);
                using var call = client.WatchRun(new WatchRunRequest { RunId = _runId, Follow = true, AfterSequence = after },
                    SchedulerClients.Within(3600).WithCancellationToken(_stop.Token));
                await foreach (var message in call.ResponseStream.ReadAllAsync(_stop.Token))
                {
                    var e = RunEventJson.Deserialize(message.Json.Span);
                    lock (_events) _events.Add(e);
                    if (e is RunCompleted completed)
                    {
                        Completed.TrySetResult(completed);
                        return;
                    }
                }
            }
            catch (RpcException) when (!_stop.IsCancellationRequested)
            {
                // The replica is away (killed, restarting): follow again on the leader once one is settled.
            }
            catch (TimeoutException) when (!_stop.IsCancellationRequested)
            {
                // No leader settled for a long while: the liveness check will say so; go on asking.
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException)
            {
                return;
            }
            try
            {
                await Task.Delay(Reconnect, _time, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _following;
        _stop.Dispose();
    }
}
