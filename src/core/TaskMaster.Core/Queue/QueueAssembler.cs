namespace TaskMaster.Core.Queue;

/// <summary>
/// Turns a draft into the queue: checks ids, commands and dependencies, then applies the
/// queue's defaults to every task that does not set a key itself.
/// </summary>
internal static class QueueAssembler
{
    /// <summary>The format's defaults, taken from the model so they are written in one place.</summary>
    private static readonly TaskDefinition BuiltIn = new() { Id = "", Title = "", Command = new TaskCommand("", TaskCommand.DefaultShell, 0, false) };

    /// <returns>The queue, or null when the draft (or anything reported before) has errors.</returns>
    public static QueueDefinition? Assemble(QueueDraft draft, string sourcePath, string contentHash, QueueErrors errors)
    {
        var tasks = UniqueTasks(draft.Tasks, errors);
        foreach (var task in draft.Tasks) CheckCommand(task, errors);
        DependencyChecker.Check(tasks, errors);
        if (errors.Count > 0 || draft.Name is null) return null;

        // Each draft is let go once its task is made: a million of each need not be alive together.
        draft.Tasks.Clear();
        var resolved = new TaskDefinition[tasks.Count];
        for (var i = 0; i < resolved.Length; i++)
        {
            resolved[i] = Resolve(tasks[i], draft.Defaults);
            var envLine = tasks[i].Fields.LineOf("env") is > 0 and var own ? own : draft.Defaults.LineOf("env");
            foreach (var (line, message) in ProcessLimits.Problems(resolved[i], envLine)) errors.Add(line, message);
            tasks[i] = null!;
        }
        if (errors.Count > 0) return null;

        return new QueueDefinition(
            draft.Name,
            draft.Description.ToString(),
            sourcePath,
            draft.Defaults.Concurrency,
            draft.Phases.Select(p => new PhaseDefinition(p.Name, p.Description.ToString(), p.Line)).ToArray(),
            resolved,
            contentHash);
    }

    /// <summary>Tasks with a valid id, first occurrence of each; later ones are reported.</summary>
    private static List<TaskDraft> UniqueTasks(List<TaskDraft> drafts, QueueErrors errors)
    {
        var firstLine = new Dictionary<string, int>(drafts.Count, StringComparer.Ordinal);
        var unique = new List<TaskDraft>(drafts.Count);
        foreach (var task in drafts)
        {
            if (task.Id is null) continue;
            if (firstLine.TryAdd(task.Id, task.Line)) unique.Add(task);
            else errors.Add(task.Line, $"duplicate task id `{task.Id}` (lines {firstLine[task.Id]} and {task.Line}): ids must be unique");
        }
        return unique;
    }

    private static void CheckCommand(TaskDraft task, QueueErrors errors)
    {
        var (run, script) = (task.Fields.Run, task.Script);
        if (run is not null && script is not null)
        {
            errors.Add(Math.Max(run.Line, script.Line), $"{task.Label} has two commands: `run:` at line {run.Line} and a fenced block at line {script.Line}; keep one");
        }
        // A command that was written but refused has its own error already.
        else if (task.Fields.LineOf("run") == 0 && !task.HasFencedBlock)
        {
            errors.Add(task.Line, $"{task.Label} is missing a command: add `- run: <command>` or a fenced ```sh block");
        }
    }

    private static TaskDefinition Resolve(TaskDraft task, TaskFields defaults)
    {
        var own = task.Fields;
        return new TaskDefinition
        {
            Id = task.Id!,
            Title = task.Title,
            Description = task.Description.ToString(),
            Phase = task.Phase,
            Line = task.Line,
            Command = own.Run ?? task.Script!,
            DependsOn = own.DependsOn ?? BuiltIn.DependsOn,
            Retries = own.Retries ?? defaults.Retries ?? BuiltIn.Retries,
            RetryBackoff = own.RetryBackoff ?? defaults.RetryBackoff ?? BuiltIn.RetryBackoff,
            RetryOn = own.RetryOn ?? defaults.RetryOn ?? BuiltIn.RetryOn,
            Timeout = own.Timeout ?? defaults.Timeout ?? BuiltIn.Timeout,
            Estimate = own.Estimate ?? defaults.Estimate ?? BuiltIn.Estimate,
            Resources = own.Resources ?? defaults.Resources ?? BuiltIn.Resources,
            Environment = own.Environment ?? defaults.Environment ?? BuiltIn.Environment,
            WorkingDirectory = own.WorkingDirectory ?? defaults.WorkingDirectory ?? BuiltIn.WorkingDirectory,
            Success = own.Success ?? defaults.Success ?? BuiltIn.Success,
            CheckpointAfter = own.CheckpointAfter ?? defaults.CheckpointAfter ?? BuiltIn.CheckpointAfter,
            Critical = own.Critical ?? defaults.Critical ?? BuiltIn.Critical,
            AlreadyDone = own.AlreadyDone ?? BuiltIn.AlreadyDone,
        };
    }
}
