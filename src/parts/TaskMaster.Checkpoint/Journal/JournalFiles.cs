using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Checkpoint.Journal;

/// <summary>
/// Where a run's journal is: the file, and its redundant copy (the same bytes, fsynced in the same
/// step) in the checkpoint mirror's folder, <c>journals/&lt;run-id&gt;.jsonl</c>. Readers look at the
/// mirror whenever it exists, to repair a damaged record; <see cref="WriteMirror"/> only says whether
/// a writer keeps it up to date.
/// </summary>
/// <param name="Path">The journal, <c>runs/&lt;run-id&gt;/journal.jsonl</c>.</param>
/// <param name="MirrorPath">Its mirror; null when there is no mirror folder.</param>
/// <param name="WriteMirror">False when mirroring is turned off (<c>--no-journal-mirror</c>): an existing mirror is removed when the journal is reopened, since it would no longer follow it.</param>
public sealed record JournalFiles(string Path, string? MirrorPath, bool WriteMirror = true)
{
    /// <summary>The folder, inside the checkpoint mirror's, that holds the journals' mirrors.</summary>
    public const string MirrorFolder = "journals";

    /// <summary>The journal of <paramref name="runId"/>, mirrored in <paramref name="mirrorDirectory"/> (the checkpoint mirror's folder).</summary>
    public static JournalFiles Of(HomeLayout home, string runId, string? mirrorDirectory, bool writeMirror = true) =>
        new(home.JournalPath(runId), mirrorDirectory is null ? null : MirrorOf(mirrorDirectory, runId), writeMirror);

    /// <summary>The journal of <paramref name="runId"/> where the home keeps it by default (what readers without options use).</summary>
    public static JournalFiles Of(HomeLayout home, string runId) => Of(home, runId, home.CheckpointsMirrorDirectory);

    /// <summary>The journal alone, without a mirror.</summary>
    public static JournalFiles Single(string path) => new(path, null);

    /// <summary>The journal at <paramref name="journalPath"/> (<c>runs/&lt;run-id&gt;/journal.jsonl</c>), mirrored in <paramref name="mirrorDirectory"/>.</summary>
    public static JournalFiles At(string journalPath, string? mirrorDirectory, bool writeMirror = true) =>
        new(journalPath, mirrorDirectory is null ? null : MirrorOf(mirrorDirectory, System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(journalPath)))!), writeMirror);

    private static string MirrorOf(string mirrorDirectory, string runId) => System.IO.Path.Combine(mirrorDirectory, MirrorFolder, runId + ".jsonl");
}
