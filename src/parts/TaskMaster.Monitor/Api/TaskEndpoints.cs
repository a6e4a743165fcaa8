using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TaskMaster.Monitor.Feed;

namespace TaskMaster.Monitor.Api;

/// <summary><c>/api/v1/graph</c>, <c>/api/v1/tasks</c> and <c>/api/v1/tasks/{id}</c>, all read from the run's status model.</summary>
internal static class TaskEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, MonitorRun run)
    {
        var graph = JsonSerializer.SerializeToUtf8Bytes(GraphDocument.From(run.Queue, run.RunId), MonitorJson.Options);
        endpoints.MapGet("/api/v1/graph", () => Results.Bytes(graph, "application/json"));

        // With the summary the feed's updates carry: a page that opens once the run is over gets no more updates.
        endpoints.MapGet("/api/v1/tasks", (HttpContext context) => run.Status.Rows() is { } rows
            ? WriteTasksAsync(context.Response, rows, Summary(run), context.RequestAborted)
            : Starting().ExecuteAsync(context));

        endpoints.MapGet("/api/v1/tasks/{id}", (string id) =>
        {
            if (!run.TryIndexOf(id, out var index))
                return Results.Json(new { Error = $"no task '{id}' in queue '{run.Queue.Name}'" }, MonitorJson.Options, statusCode: StatusCodes.Status404NotFound);
            if (run.Status.RowsOf([index]) is not { } rows) return Starting();
            return Results.Json(Details(run, index, rows), MonitorJson.Options);
        });
    }

    /// <summary>The task's row with what the queue says of it and the end of its log.</summary>
    private static JsonObject Details(MonitorRun run, int index, Core.ReadModel.TaskRows rows)
    {
        var definition = run.Queue.Tasks[index];
        var logPath = run.Home.TaskLogPath(run.RunId, definition.Id);
        var details = JsonSerializer.SerializeToNode(rows.Rows[0], MonitorJson.Options)!.AsObject();
        details["title"] = definition.Title;
        details["description"] = definition.Description;
        details["phase"] = definition.Phase;
        details["depends_on"] = new JsonArray([.. definition.DependsOn.Select(d => JsonValue.Create(d))]);
        details["dependents"] = new JsonArray([.. run.Queue.Tasks.Where(t => t.DependsOn.Contains(definition.Id)).Select(t => JsonValue.Create(t.Id))]);
        details["log_path"] = logPath;
        details["log_tail"] = TaskLogTail.Read(logPath);
        details["sequence"] = rows.Sequence;
        return details;
    }

    /// <summary>Streams <c>{ sequence, summary, tasks }</c>: a 100k-task run's rows are tens of megabytes, never held whole.</summary>
    private static async Task WriteTasksAsync(HttpResponse response, Core.ReadModel.TaskRows rows, FeedSummary? summary, CancellationToken cancellationToken)
    {
        const int RowsPerFlush = 1000;
        response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteNumber("sequence", rows.Sequence);
        writer.WritePropertyName("summary");
        JsonSerializer.Serialize(writer, summary, MonitorJson.Options);
        writer.WriteStartArray("tasks");
        for (var i = 0; i < rows.Rows.Count; i++)
        {
            TaskRowJson.Write(writer, rows.Rows[i]);
            if (i % RowsPerFlush == RowsPerFlush - 1) await FlushAsync(writer, response, cancellationToken).ConfigureAwait(false);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await FlushAsync(writer, response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task FlushAsync(Utf8JsonWriter writer, HttpResponse response, CancellationToken cancellationToken)
    {
        writer.Flush();
        await response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static FeedSummary? Summary(MonitorRun run) =>
        run.Status.Snapshot(detailed: false) is { } report && run.Status.Health() is { } health ? FeedSummary.From(report, health, run) : null;

    private static IResult Starting() =>
        Results.Json(new { Error = "the run is starting; ask again in a moment" }, MonitorJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable);
}
