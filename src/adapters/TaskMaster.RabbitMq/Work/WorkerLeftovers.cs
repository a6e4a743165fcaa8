using System.Globalization;
using Microsoft.Extensions.Logging;
using TaskMaster.LocalHome;
using TaskMaster.Worker;

namespace TaskMaster.RabbitMq.Work;

/// <summary>
/// What a worker killed with SIGKILL left running on its home: a task's processes outlive their
/// worker (they run in sessions of their own), and its executor's files of running attempts stay
/// behind under <c>runs/&lt;id&gt;/running/</c>. The next worker on the home kills exactly those
/// before it takes work, so a restarted worker never runs beside its predecessor's attempts (which
/// the scheduler has by then given up as lost and started again).
/// </summary>
internal static class WorkerLeftovers
{
    /// <summary>Kills the leftovers of every run on the home, logging each run concerned.</summary>
    public static void Kill(HomeLayout home, string workerId, ILogger logger)
    {
        if (!Directory.Exists(home.RunsDirectory)) return;
        foreach (var run in Directory.EnumerateDirectories(home.RunsDirectory))
        {
            var runId = Path.GetFileName(run);
            var files = RunningAttemptsFile.Files(home, runId).ToList();
            if (files.Count == 0) continue;
            // Homes may be shared (workers started in one folder share its default home): the kill takes
            // every record of the run, so a run a live executor still records is left to it.
            if (files.FirstOrDefault(WriterAlive) is { } live)
            {
                logger.LogWarning("Worker {WorkerId} leaves run {RunId} on its home alone: a live process ({File}) records attempts of it there",
                    workerId, runId, Path.GetFileName(live));
                continue;
            }
            var tasks = ProcessTaskExecutor.KillLeftoversOf(home, runId);
            if (tasks.Count > 0)
                logger.LogWarning("Worker {WorkerId} killed what a previous worker on its home left running of run {RunId}: tasks {Tasks}",
                    workerId, runId, string.Join(", ", tasks));
        }
    }

    /// <summary>Whether the process that wrote the file (its name: <c>PID-STARTTIME-N.attempts</c>) still runs.</summary>
    private static bool WriterAlive(string file)
    {
        var parts = Path.GetFileNameWithoutExtension(file).Split('-');
        if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var started)) return false;
        if (pid == Environment.ProcessId) return true;
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        // After the command's closing parenthesis: state, then the start time as the 20th field.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // A zombie is dead: a container's PID 1 may never reap the SIGKILLed worker.
        return fields.Length > 19 && fields[0] is not ("Z" or "X")
            && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start) && start == started;
    }
}
