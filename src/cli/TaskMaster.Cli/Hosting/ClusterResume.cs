using System.CommandLine;
using Grpc.Core;
using TaskMaster.Cli.Commands;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.LocalHome;

namespace TaskMaster.Cli.Hosting;

/// <summary><c>task-master --server URL resume --run ID</c>: the scheduler service goes on with a stopped run from its newest checkpoint.</summary>
internal static class ClusterResume
{
    /// <param name="homeOnly">The resume options that read a home, refused with <c>--server</c>.</param>
    public static Task<int> ResumeAsync(ServerTarget server, ParseResult result, string? runId, Option[] homeOnly, CancellationToken cancellationToken)
    {
        if (ServerOptions.NotOverServer(result, "resume", homeOnly) is { } problem || (problem = runId is null ? NoRun(server) : null) is not null)
        {
            Console.Error.WriteLine($"task-master: {problem}");
            return Task.FromResult(ExitCodes.InvalidInput);
        }
        return ControlCall.RunAsync(new ControlTarget(HomeLayout.Resolve(null), server.Address, server.TokenFile, runId!, IsServer: true), "resume",
            (client, options) => client.ResumeRunAsync(new ResumeRunRequest { RunId = runId }, options),
            response =>
            {
                Console.WriteLine($"Run {response.RunId}: {response.Message}");
                Console.Error.WriteLine($"run {response.RunId}: {ControlCommands.StateName(response.State)}; " +
                                        $"follow it with task-master --server {server.Address} status --run {response.RunId}");
            },
            cancellationToken,
            // As on a home: an unknown run is a bad argument; one with nothing to resume (running, or completed) exits 4.
            status => status switch
            {
                StatusCode.NotFound or StatusCode.InvalidArgument => ExitCodes.InvalidInput,
                StatusCode.FailedPrecondition => ExitCodes.CannotResume,
                _ => ExitCodes.TasksFailed,
            });
    }

    private static string NoRun(ServerTarget server) =>
        $"resume --run ID: with --server, name the stopped run to resume (task-master --server {server.Address} runs lists them)";
}
