using TaskMaster.Core.Scheduling;

namespace TaskMaster.Checkpoint;

/// <summary>The runs a home holds.</summary>
public static class HomeRuns
{
    /// <summary>The home's runs that have a journal, oldest first (run ids sort by their start time).</summary>
    public static IReadOnlyList<string> Known(HomeLayout home) =>
        !Directory.Exists(home.RunsDirectory) ? []
        : Directory.EnumerateDirectories(home.RunsDirectory)
            .Where(d => File.Exists(Path.Combine(d, "journal.jsonl")))
            .Select(d => Path.GetFileName(d)!)
            .Order(StringComparer.Ordinal)
            .ToList();
}
