using Microsoft.Extensions.Logging;
using TaskMaster.LocalHome;
using TaskMaster.Worker;

namespace TaskMaster.RabbitMq.Work;

/// <summary>
/// What a worker killed with SIGKILL left running on its home: a task's processes outlive their
/// worker (they run in sessions of their own), and its executor's files of running attempts stay
/// behind under <c>runs/&lt;id&gt;/running/</c>. The next worker on the home kills exactly those
/// before it takes work, as a resumed embedded run does, so a restarted worker never runs beside its
/// predecessor's attempts (which the scheduler has by then given up as lost and started again).
/// The attempts of a worker still running on a shared home are its own, and stay.
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
            foreach (var live in ProcessTaskExecutor.LiveExecutorFilesOf(home, runId))
                logger.LogWarning("Worker {WorkerId} leaves run {RunId}'s attempts that a live process ({File}) records on its home alone",
                    workerId, runId, Path.GetFileName(live));
            var tasks = ProcessTaskExecutor.KillLeftoversOf(home, runId);
            if (tasks.Count > 0)
                logger.LogWarning("Worker {WorkerId} killed what a previous worker on its home left running of run {RunId}: tasks {Tasks}",
                    workerId, runId, string.Join(", ", tasks));
        }
    }
}
