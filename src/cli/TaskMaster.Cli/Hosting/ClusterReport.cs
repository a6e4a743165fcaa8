using Grpc.Core;
using TaskMaster.Cli.Commands;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Events;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.History;
using TaskMaster.Monitor.Reports;

namespace TaskMaster.Cli.Hosting;

/// <summary>
/// <c>task-master --server URL report</c>: a run of the scheduler service reported on as a home's run is,
/// from the events it streams, by the same builder and renderers.
/// </summary>
internal static class ClusterReport
{
    public static Task<int> WriteAsync(ServerTarget server, HomeLayout home, string? runId, ReportFormat format, FileInfo? output, CancellationToken cancellationToken) =>
        ControlCall.RunAsync(new ControlTarget(home, server.Address, server.TokenFile, runId ?? "", IsServer: true), "report on", async (client, options) =>
        {
            var run = await client.GetRunAsync(new GetRunRequest { RunId = runId ?? "" }, Within(options)).ResponseAsync.ConfigureAwait(false);
            var events = new List<RunEvent>();
            using (var call = client.WatchRun(new WatchRunRequest { RunId = run.RunId }, Within(options)))
            {
                await foreach (var message in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                    events.Add(RunEventJson.Deserialize(message.Json.Span));
            }
            var (record, problem) = RunRecord.FromEvents(home, run.RunId, events);
            if (record is null)
            {
                Console.Error.WriteLine($"task-master: {problem}");
                return ExitCodes.TasksFailed;
            }
            var live = run.State is RunState.Running or RunState.Paused;
            var report = RunReportBuilder.Build(record, HistoryBuilder.Of(run.RunId, events), live, TimeProvider.System.GetUtcNow());
            return await ReportCommand.WriteAsync(report, format, output, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    private static CallOptions Within(CallOptions options) => options.WithDeadline(DateTime.UtcNow.Add(ControlCall.AnswerTimeout));
}
