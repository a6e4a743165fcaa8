using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Checkpoint;
using TaskMaster.Checkpoint.Archiving;
using TaskMaster.Checkpoint.Journal;
using TaskMaster.Cli.Parsing;
using TaskMaster.Core.Display;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.History;

namespace TaskMaster.Cli.Commands;

/// <summary><c>task-master maintenance</c>: the monthly clean-up of PRD-6's operational procedures.</summary>
internal static class MaintenanceCommand
{
    // Ages are subtracted from now: a hundred years keeps that far from overflowing.
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(36_500);

    public static Command Create()
    {
        var olderThan = CliOptions.Duration("--archive-older-than",
            "Compress checkpoints and logs last written longer ago than this (e.g. 30d) into one verified " +
            ".tar.gz, then delete the originals. The newest valid checkpoint, latest.json, the current log and " +
            "the task logs of runs that may still resume are never taken.", TimeSpan.Zero, MaxAge);
        olderThan.Required = true;
        var archiveDirectory = CliOptions.Folder("--archive-dir", "Where the archive goes. Default: $TASKMASTER_HOME/archive.");
        var monitorRetain = CliOptions.Duration("--monitor-retain",
            "Also remove the monitoring data (samples, alerts) of runs last written longer ago than this. " +
            "The home's current run keeps its own.", TimeSpan.FromSeconds(1), MaxAge, "30d");
        var home = CommonOptions.Home();
        var command = new Command("maintenance", "Archive old checkpoints and logs of a home; remove old monitoring data.") { olderThan, archiveDirectory, monitorRetain, home };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!DurationFormat.TryParse(result.GetRequiredValue(olderThan), out var age)) return ExitCodes.InvalidInput; // refused while parsing
            var layout = HomeLayout.Resolve(result.GetValue(home));
            if (DurationFormat.TryParse(result.GetRequiredValue(monitorRetain), out var retain))
                RemoveMonitoringData(layout, retain);
            using var store = new FileCheckpointStore(CheckpointStoreOptions.For(layout), TimeProvider.System, NullLogger<FileCheckpointStore>.Instance);
            var archiver = new CheckpointArchiver(store, layout, TimeProvider.System, NullLogger<CheckpointArchiver>.Instance);
            try
            {
                var report = await archiver.ArchiveOlderThanAsync(age, result.GetValue(archiveDirectory), run => RunFinished(layout, run), cancellationToken);
                if (report.ArchivePath is null)
                {
                    Console.WriteLine($"Nothing in {layout.Home} is older than {HumanDuration.Format(age)}.");
                    return ExitCodes.Success;
                }
                Console.WriteLine($"Archived {report.Files} files ({report.Checkpoints} checkpoints, {report.Logs} logs, {report.TaskLogs} task logs, " +
                                  $"{report.ArchivedBytes:N0} bytes) into {report.ArchivePath} ({report.ArchiveBytes:N0} bytes); freed {report.FreedBytes:N0} bytes.");
                foreach (var path in report.NotDeleted) Console.Error.WriteLine($"  could not delete {path} (it is in the archive)");
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                Console.Error.WriteLine($"task-master: archiving failed, nothing was deleted: {e.Message}");
                return ExitCodes.ExecutorFault;
            }
        });
        return command;
    }

    private static void RemoveMonitoringData(HomeLayout layout, TimeSpan retain)
    {
        var current = File.Exists(layout.CurrentRunFile) ? File.ReadAllText(layout.CurrentRunFile).Trim() : null;
        var removed = MonitoringRetention.RemoveOlderThan(layout, retain, TimeProvider.System.GetUtcNow(), keepRunId: current);
        if (removed.Count > 0)
            Console.WriteLine($"Removed the monitoring data of {Counted.Of(removed.Count, "run")} older than {HumanDuration.Format(retain)}: {string.Join(", ", removed.Take(10))}{(removed.Count > 10 ? ", …" : "")}");
    }

    // A run's task logs are archived only once its journal says it completed: a run that may resume keeps them.
    private static bool RunFinished(HomeLayout home, string runId)
    {
        var journal = JournalFiles.Of(home, runId);
        if (!File.Exists(journal.Path)) return false;
        // The tail answers for almost every run at the cost of a few lines; when it cannot tell for sure
        // (torn, damaged, no boundary near the end) the whole journal decides, and a damaged one reads as
        // unfinished: its logs stay until a resume has dealt with it.
        return JournalTail.Completed(journal) ?? RunOutcome.Completed(JournalReader.Read(journal).Events);
    }
}
