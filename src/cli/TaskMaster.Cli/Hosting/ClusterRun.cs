using Grpc.Core;
using Spectre.Console;
using TaskMaster.Cli.Commands;
using TaskMaster.Cli.Output;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.ReadModel;
using RunState = TaskMaster.Core.State.RunState;
using SubmittedOptions = TaskMaster.Contracts.Scheduler.V1.RunOptions;
using TaskMaster.LocalHome;

namespace TaskMaster.Cli.Hosting;

/// <summary>
/// <c>task-master --server URL execute</c>: submits the queue to a scheduler service, then follows the
/// run in the same terminal view as an embedded run, folding the events the service streams.
/// </summary>
internal static class ClusterRun
{
    public static async Task<int> ExecuteAsync(ServerTarget server, ExecuteSettings settings, QueueDefinition queue, bool detach, CancellationToken cancellationToken)
    {
        using var connection = ControlClient.ConnectTo(server.Address, server.TokenFile ?? settings.Home.ControlTokenFile);
        if (connection.Client is not { } client)
        {
            Console.Error.WriteLine($"task-master: {connection.Problem}; nothing was submitted.");
            return ExitCodes.TasksFailed;
        }
        var path = settings.Queue!.FullName;
        try
        {
            var accepted = await client.SubmitRunAsync(new SubmitRunRequest
            {
                QueueText = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false),
                QueuePath = path,
                Options = new SubmittedOptions { Concurrency = settings.Concurrency ?? 0, Autonomous = settings.Autonomous },
            }, deadline: DateTime.UtcNow.Add(ControlCall.AnswerTimeout), cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
            if (detach)
            {
                Console.WriteLine(accepted.RunId);
                return ExitCodes.Success;
            }
            Console.WriteLine($"Run {accepted.RunId} of queue '{queue.Name}' ({accepted.TaskCount} tasks) submitted to {server.Address}");
            return await FollowAsync(client, accepted.RunId, settings, queue, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.DeadlineExceeded)
        {
            Console.Error.WriteLine($"task-master: no scheduler service answers at {server.Address}.");
            return ExitCodes.TasksFailed;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.InvalidArgument)
        {
            Console.Error.WriteLine($"task-master: the scheduler service refused the queue: {e.Status.Detail}");
            return ExitCodes.InvalidInput;
        }
        catch (RpcException e)
        {
            Console.Error.WriteLine($"task-master: the scheduler service refused: {e.Status.Detail}");
            return ExitCodes.TasksFailed;
        }
    }

    private static async Task<int> FollowAsync(
        SchedulerService.SchedulerServiceClient client, string runId, ExecuteSettings settings, QueueDefinition queue, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var status = new RunStatusModel(settings.Concurrency ?? queue.Concurrency ?? 1, time);
        await using var plain = settings.Plain ? new PlainRunView(Console.Out) : null;
        IRunObserver[] observers = plain is null ? [status] : [status, plain];
        var state = new RunState(queue);
        var last = (RunEvent?)null;

        async Task<RunSummary> Fold()
        {
            using var call = client.WatchRun(new WatchRunRequest { RunId = runId, Follow = true }, cancellationToken: cancellationToken);
            await foreach (var message in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                last = RunEventJson.Deserialize(message.Json.Span);
                state.Apply(last);
                foreach (var observer in observers) observer.OnEvent(last, state);
            }
            return RunSummary.From(state, time.GetUtcNow());
        }

        var summary = settings.Plain ? await Fold().ConfigureAwait(false) : await LiveRunView.ShowWhile(AnsiConsole.Console, status, Fold(), time).ConfigureAwait(false);
        if (plain is not null) await plain.DisposeAsync().ConfigureAwait(false);
        Console.WriteLine($"Run {runId}: {summary.Status.ToString().ToLowerInvariant()} " +
                          $"({state.Count(Core.State.TaskStatus.Succeeded)} succeeded, {state.Count(Core.State.TaskStatus.Failed)} failed, " +
                          $"{state.Count(Core.State.TaskStatus.Blocked)} blocked, {state.Count(Core.State.TaskStatus.Skipped)} skipped)");
        return last switch
        {
            RunCompleted { Succeeded: true } => ExitCodes.Success,
            RunInterrupted when state.StopRequest?.ByOperator == true => ExitCodes.StoppedByOperator,
            _ => ExitCodes.TasksFailed,
        };
    }
}
