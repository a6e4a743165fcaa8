using System.Security.Cryptography;

namespace TaskMaster.Worker.Tracking;

/// <summary>
/// The executor's way of tracking attempts, chosen once: a cgroup per attempt under the executor's
/// own folder (<see cref="CgroupHierarchy"/>), or the process tree; the executor is a child
/// subreaper either way, so that orphans come back to it and are reaped.
/// </summary>
internal sealed class AttemptTracking : IDisposable
{
    private readonly CgroupHierarchy? _cgroups;
    private readonly bool _adoptsOrphans;

    private AttemptTracking(CgroupHierarchy? cgroups, bool adoptsOrphans, string description)
    {
        _cgroups = cgroups;
        _adoptsOrphans = adoptsOrphans;
        Description = description;
    }

    /// <summary>What was chosen, and why, for the executor's log.</summary>
    public string Description { get; }

    /// <summary>The folder of the attempts' cgroups; null when they have none.</summary>
    public string? CgroupFolder => _cgroups?.Folder;

    public static AttemptTracking Create(TaskTracking mode)
    {
        var adoptsOrphans = Subreaper.Enable();
        var subreaper = adoptsOrphans ? "the executor is child subreaper" : "the kernel refused to make the executor a child subreaper";
        if (mode == TaskTracking.ProcessTree)
            return new AttemptTracking(null, adoptsOrphans, $"tasks tracked by process tree, as asked ({subreaper})");
        var cgroups = CgroupHierarchy.TryCreate(out var whyNot);
        return cgroups is not null
            ? new AttemptTracking(cgroups, adoptsOrphans, $"tasks tracked by cgroup v2 under {cgroups.Folder} ({subreaper})")
            : new AttemptTracking(null, adoptsOrphans, $"tasks tracked by process tree: {whyNot} ({subreaper})");
    }

    /// <summary>A tracker for a new attempt, with a fresh unique token.</summary>
    /// <exception cref="IOException">The attempt's cgroup could not be created.</exception>
    public AttemptTracker NewAttempt()
    {
        var token = RandomNumberGenerator.GetHexString(32, lowercase: true);
        return _cgroups is not null ? new CgroupTracker(_cgroups, token, _adoptsOrphans) : new DescendantTracker(token, _adoptsOrphans);
    }

    public void Dispose() => _cgroups?.Dispose();
}
