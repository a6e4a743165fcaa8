using Grpc.Core;
using TaskMaster.Cli.Hosting;
using TaskMaster.Contracts.Scheduler.V1;

namespace TaskMaster.Cli.Commands;

/// <summary>
/// One call of a command to a running executor's control API: connect (home socket or
/// <c>--address</c>), call with the token, print the answer, and turn every way it can go wrong
/// into one line on stderr and exit code 1.
/// </summary>
internal static class ControlCall
{
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);

    /// <param name="target">Where the executor is.</param>
    /// <param name="purpose">What there is nothing to do when none runs ("steer", "checkpoint").</param>
    /// <param name="call">The RPC.</param>
    /// <param name="print">Prints the answer.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <param name="refusedExitCode">The exit code of a refusal with this status (default: 1).</param>
    public static Task<int> RunAsync<TResponse>(
        ControlTarget target, string purpose,
        Func<SchedulerService.SchedulerServiceClient, CallOptions, AsyncUnaryCall<TResponse>> call,
        Action<TResponse> print, CancellationToken cancellationToken, Func<StatusCode, int>? refusedExitCode = null) =>
        RunAsync(target, purpose, async (client, options) =>
        {
            var response = await call(client, options).ResponseAsync.WaitAsync(AnswerTimeout, cancellationToken).ConfigureAwait(false);
            print(response);
            return ExitCodes.Success;
        }, cancellationToken, refusedExitCode);

    /// <summary>As the one-call form, for a command that makes several calls (each bounded by its own deadline) and picks its exit code.</summary>
    public static async Task<int> RunAsync(
        ControlTarget target, string purpose,
        Func<SchedulerService.SchedulerServiceClient, CallOptions, Task<int>> calls,
        CancellationToken cancellationToken, Func<StatusCode, int>? refusedExitCode = null)
    {
        using var connection = ControlClient.Connect(target);
        if (connection.Client is not { } client)
        {
            Console.Error.WriteLine($"task-master: {connection.Problem}; nothing to {purpose}.");
            return ExitCodes.TasksFailed;
        }
        try
        {
            return await calls(client, new CallOptions(cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.DeadlineExceeded)
        {
            Console.Error.WriteLine($"task-master: {target.NotAnswering}.");
            return ExitCodes.TasksFailed;
        }
        catch (RpcException e)
        {
            Console.Error.WriteLine($"task-master: the {(target.IsServer ? "scheduler service" : "executor")} refused: {e.Status.Detail}");
            return refusedExitCode?.Invoke(e.StatusCode) ?? ExitCodes.TasksFailed;
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"task-master: the executor did not answer within {AnswerTimeout.TotalSeconds:0} s.");
            return ExitCodes.TasksFailed;
        }
    }
}
