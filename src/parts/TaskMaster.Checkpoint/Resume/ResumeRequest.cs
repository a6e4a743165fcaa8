namespace TaskMaster.Checkpoint.Resume;

/// <summary>What to resume, as the command line asked.</summary>
public sealed record ResumeRequest
{
    /// <summary>Exactly this checkpoint (<c>--from-checkpoint</c>); null: the newest valid one of the run.</summary>
    public string? CheckpointFile { get; init; }

    /// <summary>The queue file, if it moved since the checkpoint (<c>--queue</c>).</summary>
    public string? QueueFile { get; init; }

    /// <summary>The run to resume (<c>--run</c>); null: the home's current run (<c>current-run</c>).</summary>
    public string? RunId { get; init; }

    /// <summary>
    /// Accept losing what follows a damaged journal record that no mirror can repair
    /// (<c>--discard-damaged-journal</c>): the run goes on from the last good event, the rest set aside.
    /// </summary>
    public bool DiscardDamagedJournal { get; init; }
}
