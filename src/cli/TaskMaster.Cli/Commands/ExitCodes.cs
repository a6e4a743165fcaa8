namespace TaskMaster.Cli.Commands;

/// <summary>The process exit codes of <c>task-master</c>, documented in the README.</summary>
internal static class ExitCodes
{
    /// <summary>Valid queue; every task succeeded or was skipped.</summary>
    public const int Success = 0;

    /// <summary>The run ended with failed or blocked tasks, or could not make progress.</summary>
    public const int TasksFailed = 1;

    /// <summary>The queue file or the command line is invalid (or the home or a port is taken); nothing ran.</summary>
    public const int InvalidInput = 2;

    /// <summary>
    /// TaskMaster itself failed: the executor's journal or log could not be written, or a command met
    /// a failure outside the queue and the command line (the last-resort barrier's answer).
    /// </summary>
    public const int ExecutorFault = 3;

    /// <summary>No valid checkpoint to resume from (or the queue or journal do not match it); nothing ran.</summary>
    public const int CannotResume = 4;

    /// <summary>
    /// Stopped by an operator (<c>task-master stop</c>, with or without <c>--emergency</c>); a checkpoint
    /// was taken and <c>task-master resume</c> continues the run.
    /// </summary>
    public const int StoppedByOperator = 5;

    /// <summary>
    /// <c>resume</c>: the journal holds a damaged record that valid ones follow, and no mirror repairs it;
    /// nothing ran. <c>--discard-damaged-journal</c> accepts the loss.
    /// </summary>
    public const int JournalDamaged = 6;

    /// <summary>Stopped by a signal: 128 + its number (130 for SIGINT, 143 for SIGTERM).</summary>
    public static int FromSignal(int signal) => 128 + signal;
}
