using System.CommandLine;
using System.Text.Json;
using TaskMaster.Cli.Hosting;
using TaskMaster.Cli.Parsing;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.History;
using TaskMaster.Monitor.Reports;

namespace TaskMaster.Cli.Commands;

/// <summary><c>task-master report</c>: a run's execution analysis as HTML, Markdown or JSON (docs/monitoring-history.md).</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var run = CommonOptions.Run("The run to report on. Default: the home's latest run.");
        var format = new Option<ReportFormat>("--format")
        {
            Description = "html (one self-contained page with charts), md (Markdown tables) or json (for scripts; its shape is in docs/monitoring-history.md).",
            DefaultValueFactory = _ => ReportFormat.Html,
        };
        var output = CliOptions.OutputFile("--output", "Write the report to this file. Default: standard output.", "the report file to write", "-o");
        var home = CommonOptions.Home();
        var command = new Command("report",
            "Report on a run, finished or still running: summary, timeline, slowest tasks and critical path, errors by class and " +
            "their trend, resource usage, recovery and autonomy, recommendations. With --server, a run of the scheduler service, " +
            "from the events it streams (no resource samples or alerts: its monitor keeps those). Exit code 1 when there is no such run.")
        {
            run, format, output, home,
        };
        command.SetAction((result, cancellationToken) => ServerOptions.Read(result) is { } server
            ? ClusterReport.WriteAsync(server, HomeLayout.Resolve(result.GetValue(home)), result.GetValue(run), result.GetValue(format), result.GetValue(output), cancellationToken)
            : WriteAsync(HomeLayout.Resolve(result.GetValue(home)), result.GetValue(run), result.GetValue(format), result.GetValue(output), cancellationToken));
        return command;
    }

    private static async Task<int> WriteAsync(HomeLayout home, string? runId, ReportFormat format, FileInfo? output, CancellationToken cancellationToken)
    {
        var (report, problem) = RunReportBuilder.OfHome(home, runId, id => ExecutorInfo.Runs(home, id), TimeProvider.System.GetUtcNow());
        if (report is null)
        {
            Console.Error.WriteLine($"task-master: {problem}");
            return ExitCodes.TasksFailed;
        }
        return await WriteAsync(report, format, output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Renders the report in <paramref name="format"/> to <paramref name="output"/> (standard output when null).</summary>
    internal static async Task<int> WriteAsync(RunReport report, ReportFormat format, FileInfo? output, CancellationToken cancellationToken)
    {
        string text;
        switch (format)
        {
            case ReportFormat.Json: text = JsonSerializer.Serialize(report, InsightsJson.Indented) + Environment.NewLine; break;
            case ReportFormat.Md: text = MarkdownReport.Render(report); break;
            default:
                text = HtmlReport.Render(HtmlReport.EmbeddedTemplate(), report);
                break;
        }
        if (output is null)
        {
            await Console.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        await File.WriteAllTextAsync(output.FullName, text, cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"Report of run {report.RunId} written to {output.FullName}");
        return ExitCodes.Success;
    }
}

internal enum ReportFormat
{
    Html,
    Md,
    Json,
}
