using TaskMaster.LocalHome;
using TaskMaster.Monitor.History;

namespace TaskMaster.Benchmarks.Soak;

/// <summary>
/// What a home holds on disk, by kind, in bytes (file lengths): journals (each run's and its mirror),
/// logs (the executor's and the tasks'), checkpoints (both folders), monitoring data (samples and
/// alerts), archives (<c>maintenance</c>'s), and the rest (the queue cache, small files).
/// </summary>
/// <param name="CheckpointFiles">Checkpoints (<c>*.json.gz</c>) in both folders.</param>
/// <param name="SampleLines">Lines of every run's <c>samples.jsonl</c>.</param>
internal sealed record HomeDisk(long Journals, long Logs, long Checkpoints, long Monitoring, long Archives, long Other, int CheckpointFiles, int SampleLines)
{
    public long Total => Journals + Logs + Checkpoints + Monitoring + Archives + Other;

    /// <summary>Everything but the archives: what retention bounds.</summary>
    public long Live => Total - Archives;

    public static HomeDisk Of(string home)
    {
        // The executor (and a checkpoint rotation) may remove a folder while it is walked: walked again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Walk(home);
            }
            catch (DirectoryNotFoundException) when (attempt < 3)
            {
            }
        }
    }

    private static HomeDisk Walk(string home)
    {
        var layout = new HomeLayout(home);
        var monitoringDirectory = MonitoringLayout.Directory(layout);
        var mirrorJournals = Path.Combine(layout.CheckpointsMirrorDirectory, "journals");
        long journals = 0, logs = 0, checkpoints = 0, monitoring = 0, archives = 0, other = 0;
        int checkpointFiles = 0, sampleLines = 0;
        foreach (var (path, length) in Files(home))
        {
            if (Under(path, mirrorJournals) || (Under(path, layout.RunsDirectory) && Path.GetFileName(path) == "journal.jsonl")) journals += length;
            else if (Under(path, layout.LogsDirectory) || (Under(path, layout.RunsDirectory) && Path.GetFileName(Path.GetDirectoryName(path)) == "tasks")) logs += length;
            else if (Under(path, layout.CheckpointsDirectory) || Under(path, layout.CheckpointsMirrorDirectory))
            {
                checkpoints += length;
                if (path.EndsWith(".json.gz", StringComparison.Ordinal)) checkpointFiles++;
            }
            else if (Under(path, monitoringDirectory))
            {
                monitoring += length;
                if (Path.GetFileName(path) == "samples.jsonl") sampleLines += Lines(path);
            }
            else if (Under(path, layout.ArchiveDirectory)) archives += length;
            else other += length;
        }
        return new HomeDisk(journals, logs, checkpoints, monitoring, archives, other, checkpointFiles, sampleLines);
    }

    private static int Lines(string path)
    {
        try
        {
            return File.ReadLines(path).Count();
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }

    private static bool Under(string path, string directory) =>
        path.StartsWith(Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    // Files come and go while the executor and maintenance run: one that vanished between listing and reading counts as 0.
    private static IEnumerable<(string Path, long Length)> Files(string home)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        foreach (var file in new DirectoryInfo(home).EnumerateFiles("*", options))
        {
            long length;
            try
            {
                length = file.Length;
            }
            catch (FileNotFoundException)
            {
                length = 0;
            }
            yield return (file.FullName, length);
        }
    }
}
