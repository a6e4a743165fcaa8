using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TaskMaster.Core.Queue;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.State;
using TaskMaster.Monitor.Logs;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Monitor.Api;

/// <summary>
/// <c>GET /api/v1/tasks/{id}/log?attempt=N&amp;offset=B&amp;limit=L</c>: a task's whole log, or one attempt's,
/// a page at a time (<see cref="TaskLogPage"/>); the dashboard's log view pages through it.
/// </summary>
internal static class TaskLogEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints, MonitorRun run)
    {
        // In the monitor service the logs are what workers streamed, not files of this machine.
        var streamed = endpoints.ServiceProvider.GetService<ITaskLogSource>();
        endpoints.MapGet("/api/v1/tasks/{id}/log", (string id, HttpRequest request) => Read(run, streamed, id, request));
    }

    private static IResult Read(MonitorRun run, ITaskLogSource? streamed, string id, HttpRequest request)
    {
        if (!run.TryIndexOf(id, out var index))
            return Error(StatusCodes.Status404NotFound, $"no task '{id}' in queue '{run.Queue.Name}'{NearestId.Hint(id, run.Queue.Tasks.Select(t => t.Id))}");
        var (attempt, offset, limit) = (Number(request, "attempt", 1, int.MaxValue), Number(request, "offset", 0), Number(request, "limit", 1));
        if (new[] { attempt, offset, limit }.FirstOrDefault(n => n.Problem is not null).Problem is { } problem)
            return Error(StatusCodes.Status400BadRequest, problem);
        if (run.Status.RowsOf([index]) is not { } rows || run.Status.Snapshot(detailed: false) is not { } status)
            return Error(StatusCodes.Status503ServiceUnavailable, "the run is starting; ask again in a moment");

        // A task of a run that is over writes nothing more, whatever state it was left in.
        var ended = rows.Rows[0].State.IsFinal() || status.State is not (RunPhase.Running or RunPhase.Paused);
        var pageLimit = (int)Math.Min(limit.Value ?? TaskLogReader.DefaultLimit, TaskLogReader.MaxLimit);
        if (streamed is not null) return Streamed(streamed, run, id, (int)(attempt.Value ?? rows.Rows[0].Attempt), offset.Value ?? 0, pageLimit,
            ended || (attempt.Value ?? rows.Rows[0].Attempt) < rows.Rows[0].Attempt || rows.Rows[0].State != TaskStatus.Running);
        var page = TaskLogReader.Read(run.Home.TaskLogPath(run.RunId, id), id, (int?)attempt.Value, offset.Value,
            pageLimit, ended, out var attempts);
        // An attempt that has written nothing yet is not in the log: one that succeeded so is in the journal only.
        if (page is null && attempt.Value <= rows.Rows[0].Attempt)
            return Results.Json(new TaskLogPage(id, (int?)attempt.Value, 0, 0, 0, Complete: ended || attempt.Value < rows.Rows[0].Attempt, ""), MonitorJson.Options);
        if (page is null)
            return Error(StatusCodes.Status404NotFound, $"task '{id}' has no attempt {attempt.Value} in its log; {TaskLogIndex.Describe(attempts)}");
        return Results.Json(page, MonitorJson.Options);
    }

    // One attempt's streamed lines (the latest when none is named); an attempt nothing has arrived of yet reads as empty.
    private static IResult Streamed(ITaskLogSource source, MonitorRun run, string id, int attempt, long offset, int limit, bool ended) =>
        Results.Json(source.Read(run.RunId, id, attempt, offset, limit, ended) ?? new TaskLogPage(id, attempt, 0, 0, 0, ended, ""), MonitorJson.Options);

    /// <summary>An optional whole-number query parameter from <paramref name="least"/> to <paramref name="most"/>, or why it is not one.</summary>
    private static (long? Value, string? Problem) Number(HttpRequest request, string name, long least, long most = long.MaxValue)
    {
        if (!request.Query.TryGetValue(name, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0])) return (null, null);
        return long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= least && value <= most
            ? (value, null)
            : (null, $"{name}: '{values[0]}' is not a whole number from {least} to {most}");
    }

    private static IResult Error(int status, string message) => Results.Json(new { Error = message }, MonitorJson.Options, statusCode: status);
}
