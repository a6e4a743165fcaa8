using Grpc.Core;
using TaskMaster.Cli.Commands;
using TaskMaster.Contracts.Control.V1;
using TaskMaster.Core.ReadModel;
using TaskMaster.Scheduler.Control;

namespace TaskMaster.Cli.Hosting;

/// <summary>The status of the run an executor is running, asked of it through its control API.</summary>
internal static class LiveStatus
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The running executor's answer, or why it gave none; neither when no executor runs.</summary>
    public static async Task<(RunStatusReport? Report, string? Problem)> AskAsync(
        ControlTarget target, StatusQuery query, CancellationToken cancellationToken)
    {
        using var connection = ControlClient.Connect(target);
        if (connection.Client is not { } client) return (null, connection.ExecutorFound ? connection.Problem : null);
        try
        {
            var request = new GetStatusRequest { Detailed = query.Detailed, IncludeResources = query.IncludeResources };
            var response = await client.GetStatusAsync(request, cancellationToken: cancellationToken)
                .ResponseAsync.WaitAsync(AnswerTimeout, cancellationToken).ConfigureAwait(false);
            return (response.ToReport(query.Detailed), null);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal)
        {
            // Its socket does not answer: the executor is gone (killed), and the home's files tell the rest.
            return (null, null);
        }
        catch (RpcException e)
        {
            return (null, $"the executor refused: {e.Status.Detail}");
        }
    }
}
