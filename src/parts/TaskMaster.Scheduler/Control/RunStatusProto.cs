using Google.Protobuf.WellKnownTypes;
using TaskMaster.Core.ReadModel;
using Proto = TaskMaster.Contracts.Control.V1;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Scheduler.Control;

/// <summary>
/// A <see cref="RunStatusReport"/> to and from its gRPC form (<c>taskmaster.control.v1.GetStatusResponse</c>),
/// losslessly: the CLI shows what the executor answered exactly as it would have shown it itself.
/// The proto's enums list the same values in the same order as <see cref="RunPhase"/>,
/// <see cref="TaskStatus"/> and <see cref="ErrorKind"/>, after their UNSPECIFIED (tested), so they convert by offset.
/// </summary>
public static class RunStatusProto
{
    public static Proto.GetStatusResponse ToProto(this RunStatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var response = new Proto.GetStatusResponse
        {
            RunId = report.RunId,
            State = (Proto.RunState)((int)report.State + 1),
            StateReason = report.StateReason ?? "",
            Live = report.Live,
            Queue = new Proto.QueueRef { Name = report.Queue.Name, Path = report.Queue.Path },
            StartedAt = Time(report.StartedAt),
            Progress = new Proto.RunProgress { Percent = report.Progress.Percent, Finished = report.Progress.Finished, Total = report.Progress.Total },
            TaskCounts = new Proto.TaskCounts
            {
                Total = report.TaskCounts.Total, Pending = report.TaskCounts.Pending, Ready = report.TaskCounts.Ready,
                Running = report.TaskCounts.Running, RetryWaiting = report.TaskCounts.RetryWaiting,
                Succeeded = report.TaskCounts.Succeeded, Failed = report.TaskCounts.Failed,
                Blocked = report.TaskCounts.Blocked, Skipped = report.TaskCounts.Skipped,
            },
            AutonomyScore = report.AutonomyScore,
            ErrorRate = report.ErrorRate,
            LastCheckpoint = report.LastCheckpoint is { } c ? new Proto.CheckpointRef { Time = Timestamp.FromDateTimeOffset(c.Time), Path = c.Path } : null,
            MonitorUrl = report.MonitorUrl ?? "",
            Resources = ToProto(report.Resources),
        };
        if (report.EtaSeconds is { } eta) response.EtaSeconds = eta;
        response.CurrentTasks.AddRange(report.CurrentTasks.Select(t => new Proto.CurrentTask
        {
            Id = t.Id, Title = t.Title, Progress = t.Progress, Message = t.Message ?? "", Attempt = t.Attempt,
            MaxAttempts = t.MaxAttempts, StartedAt = Time(t.StartedAt),
        }));
        response.Tasks.AddRange((report.Tasks ?? []).Select(t =>
        {
            var detail = new Proto.TaskDetail
            {
                Id = t.Id, State = (Proto.TaskState)((int)t.State + 1), Attempts = t.Attempts,
                LastError = t.LastError ?? "", BlockedBy = t.BlockedBy ?? "", StartedAt = Time(t.StartedAt), EndedAt = Time(t.EndedAt),
            };
            if (t.DurationSeconds is { } seconds) detail.DurationSeconds = seconds;
            return detail;
        }));
        response.RecentErrors.AddRange((report.RecentErrors ?? []).Select(e => new Proto.RecentError
        {
            Time = Timestamp.FromDateTimeOffset(e.Time), Kind = (Proto.ErrorKind)((int)e.Kind + 1),
            TaskId = e.TaskId ?? "", Attempt = e.Attempt ?? 0, Message = e.Message,
        }));
        return response;
    }

    /// <param name="detailed">Whether the details were asked for: an empty list then means none, not "not asked".</param>
    public static RunStatusReport ToReport(this Proto.GetStatusResponse response, bool detailed)
    {
        ArgumentNullException.ThrowIfNull(response);
        var counts = response.TaskCounts ?? new Proto.TaskCounts();
        var progress = response.Progress ?? new Proto.RunProgress();
        return new RunStatusReport
        {
            RunId = response.RunId,
            State = (RunPhase)((int)response.State - 1),
            StateReason = Text(response.StateReason),
            Live = response.Live,
            Queue = new QueueRef(response.Queue?.Name ?? "", response.Queue?.Path ?? ""),
            StartedAt = response.StartedAt?.ToDateTimeOffset(),
            Progress = new ProgressFigures(progress.Percent, progress.Finished, progress.Total),
            TaskCounts = new TaskCounts(counts.Total, counts.Pending, counts.Ready, counts.Running, counts.RetryWaiting,
                counts.Succeeded, counts.Failed, counts.Blocked, counts.Skipped),
            CurrentTasks = response.CurrentTasks.Select(t => new CurrentTask(
                t.Id, t.Title, t.Progress, Text(t.Message), t.Attempt, t.MaxAttempts, t.StartedAt?.ToDateTimeOffset())).ToList(),
            EtaSeconds = response.HasEtaSeconds ? response.EtaSeconds : null,
            AutonomyScore = response.AutonomyScore,
            ErrorRate = response.ErrorRate,
            LastCheckpoint = response.LastCheckpoint is { } c ? new CheckpointRef(c.Time.ToDateTimeOffset(), c.Path) : null,
            MonitorUrl = Text(response.MonitorUrl),
            Tasks = detailed
                ? response.Tasks.Select(t => new TaskDetail(t.Id, (TaskStatus)((int)t.State - 1), t.Attempts, Text(t.LastError), Text(t.BlockedBy),
                    t.StartedAt?.ToDateTimeOffset(), t.EndedAt?.ToDateTimeOffset(), t.HasDurationSeconds ? t.DurationSeconds : null)).ToList()
                : null,
            RecentErrors = detailed
                ? response.RecentErrors.Select(e => new RecentError(
                    e.Time.ToDateTimeOffset(), (ErrorKind)((int)e.Kind - 1), Text(e.TaskId), e.Attempt == 0 ? null : e.Attempt, e.Message)).ToList()
                : null,
            Resources = response.Resources is { } r
                ? new ResourceUsage(r.CpuPercent, r.MemoryBytes, r.MemoryBudgetBytes, r.MemoryBudgetPercent,
                    r.HasDiskReadBytes ? r.DiskReadBytes : null, r.HasDiskWriteBytes ? r.DiskWriteBytes : null)
                : null,
        };
    }

    private static Proto.ResourceUsage? ToProto(ResourceUsage? usage)
    {
        if (usage is null) return null;
        var proto = new Proto.ResourceUsage
        {
            CpuPercent = usage.CpuPercent, MemoryBytes = usage.MemoryBytes, MemoryBudgetBytes = usage.MemoryBudgetBytes,
            MemoryBudgetPercent = usage.MemoryBudgetPercent,
        };
        if (usage.DiskReadBytes is { } read) proto.DiskReadBytes = read;
        if (usage.DiskWriteBytes is { } written) proto.DiskWriteBytes = written;
        return proto;
    }

    private static Timestamp? Time(DateTimeOffset? at) => at is { } t ? Timestamp.FromDateTimeOffset(t) : null;

    private static string? Text(string value) => value.Length == 0 ? null : value;
}
