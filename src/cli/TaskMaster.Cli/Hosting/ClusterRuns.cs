using System.Text.Json;
using Grpc.Core;
using TaskMaster.Cli.Commands;
using TaskMaster.Cli.Output;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Display;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Cli.Hosting;

/// <summary><c>task-master --server URL runs</c>: the scheduler service's runs, newest first.</summary>
internal static class ClusterRuns
{
    public static async Task<int> ListAsync(ServerTarget server, HomeLayout home, StatusFormat format, CancellationToken cancellationToken)
    {
        using var connection = ControlClient.ConnectTo(server.Address, server.TokenFile ?? home.ControlTokenFile);
        if (connection.Client is not { } client)
        {
            Console.Error.WriteLine($"task-master: {connection.Problem}.");
            return ExitCodes.TasksFailed;
        }
        ListRunsResponse listed;
        try
        {
            listed = await client.ListRunsAsync(new ListRunsRequest(), deadline: DateTime.UtcNow.Add(ControlCall.AnswerTimeout), cancellationToken: cancellationToken)
                .ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.DeadlineExceeded)
        {
            Console.Error.WriteLine($"task-master: no scheduler service answers at {server.Address}.");
            return ExitCodes.TasksFailed;
        }
        catch (RpcException e)
        {
            Console.Error.WriteLine($"task-master: the scheduler service refused: {e.Status.Detail}");
            return ExitCodes.TasksFailed;
        }
        if (format == StatusFormat.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(listed.Runs.Select(r => new
            {
                run_id = r.RunId, name = r.Name, state = ControlCommands.StateName(r.State),
                started_at = r.StartedAt?.ToDateTimeOffset(), ended_at = r.EndedAt?.ToDateTimeOffset(),
            })));
            return ExitCodes.Success;
        }
        foreach (var run in listed.Runs)
            Console.WriteLine($"{run.RunId}  {ControlCommands.StateName(run.State),-9}  {ClockTime.Precise(run.StartedAt.ToDateTimeOffset())}  {run.Name}");
        return ExitCodes.Success;
    }
}
