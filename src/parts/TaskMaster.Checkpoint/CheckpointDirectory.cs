using TaskMaster.Checkpoint.Storage;

namespace TaskMaster.Checkpoint;

/// <summary>What is in one checkpoint folder, by file name only.</summary>
internal static class CheckpointDirectory
{
    /// <summary>The checkpoint files of <paramref name="directory"/>, newest first; none when it does not exist.</summary>
    public static IReadOnlyList<CheckpointInfo> Scan(string directory, CheckpointLocation location)
    {
        if (!Directory.Exists(directory)) return [];
        var found = new List<CheckpointInfo>();
        // *.json.gz (format 2) and *.json (format 1); TryParse leaves out latest.json and temporary files.
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*.json*"))
        {
            if (CheckpointFileName.TryParse(file.Name, out var parts))
                found.Add(new CheckpointInfo(file.FullName, location, parts.RunId, parts.Sequence, parts.Reason, parts.Timestamp, file.Length));
        }

        found.Sort(NewestFirst);
        return found;
    }

    /// <summary>Newest first: by time, then sequence; the primary copy before the mirror's.</summary>
    public static int NewestFirst(CheckpointInfo x, CheckpointInfo y)
    {
        var order = y.Timestamp.CompareTo(x.Timestamp);
        if (order == 0) order = y.Sequence.CompareTo(x.Sequence);
        if (order == 0) order = x.Location.CompareTo(y.Location);
        return order != 0 ? order : string.CompareOrdinal(y.FileName, x.FileName);
    }

    /// <summary>Temporary files a crash left between write and rename.</summary>
    public static IEnumerable<string> StrayTempFiles(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, AtomicFile.TempPrefix + "*") : [];
}
