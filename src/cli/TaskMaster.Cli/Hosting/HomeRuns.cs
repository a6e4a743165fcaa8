using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.Runs;

namespace TaskMaster.Cli.Hosting;

/// <summary>Finds the run a command names with <c>--run</c> among a home's runs.</summary>
internal static class HomeRuns
{
    /// <summary>The run asked for (or the home's latest), or why there is none, naming the nearest run id.</summary>
    public static string? Find(HomeLayout home, string? runId, out string? problem)
    {
        var known = RunCatalog.KnownRuns(home);
        problem = null;
        if (known.Count == 0)
        {
            problem = $"no runs in {home.Home}: nothing was executed with this home (task-master execute --queue FILE --home {home.Home})";
            return null;
        }
        runId ??= File.Exists(home.CurrentRunFile) ? File.ReadAllText(home.CurrentRunFile).Trim() : known[^1];
        if (known.Contains(runId, StringComparer.Ordinal)) return runId;
        problem = $"no run '{runId}' in {home.Home}{NearestId.Hint(runId, known)}; task-master runs --home {home.Home} lists them";
        return null;
    }
}
