namespace TaskMaster.Core.Queue;

/// <summary>One <c>### id: title</c> task with its fields resolved (queue defaults applied).</summary>
public sealed record TaskDefinition
{
    public required string Id { get; init; }

    /// <summary>The title as plain text (Markdown emphasis, links and code spans rendered to their text).</summary>
    public required string Title { get; init; }

    /// <summary>The description paragraphs as plain text; empty when there are none.</summary>
    public string Description { get; init; } = "";

    /// <summary>The <c>##</c> phase the task is under, if any.</summary>
    public string? Phase { get; init; }

    /// <summary>1-based line of the task heading.</summary>
    public int Line { get; init; }

    public required TaskCommand Command { get; init; }

    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>Attempts after the first, for transient failures.</summary>
    public int Retries { get; init; }

    /// <summary>Base delay between attempts; the actual delay grows exponentially with jitter.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public RetryOn RetryOn { get; init; } = RetryOn.Default;

    public TimeSpan? Timeout { get; init; }

    public TimeSpan? Estimate { get; init; }

    public ResourceRequest Resources { get; init; } = ResourceRequest.Default;

    /// <summary>Extra environment variables, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>Working directory as written (relative to the queue file's folder); null for the folder itself.</summary>
    public string? WorkingDirectory { get; init; }

    public SuccessCriteria Success { get; init; } = SuccessCriteria.Default;

    /// <summary><c>checkpoint: after</c>: a checkpoint is taken as soon as this task ends.</summary>
    public bool CheckpointAfter { get; init; }

    /// <summary><c>critical: true</c>: a permanent failure rolls the run back and pauses it.</summary>
    public bool Critical { get; init; }

    /// <summary><c>status: done</c>: already completed, not run again.</summary>
    public bool AlreadyDone { get; init; }
}

/// <summary>What a task runs: a <c>run:</c> command or a fenced script, both run by a shell.</summary>
/// <param name="Text">The command or script text.</param>
/// <param name="Shell">The interpreter: <c>/bin/sh</c>, or <c>/bin/bash</c> for a fenced block tagged <c>bash</c>.</param>
/// <param name="Line">1-based line where the command was written.</param>
/// <param name="IsScript">True when it came from a fenced code block.</param>
public sealed record TaskCommand(string Text, string Shell, int Line, bool IsScript)
{
    public const string DefaultShell = "/bin/sh";
}

/// <summary>Resources a task needs free before it starts.</summary>
/// <param name="Cpu">Cores (fractions allowed).</param>
/// <param name="MemoryBytes">Bytes of memory; 0 when not declared.</param>
public sealed record ResourceRequest(double Cpu, long MemoryBytes)
{
    public static ResourceRequest Default { get; } = new(1, 0);
}
