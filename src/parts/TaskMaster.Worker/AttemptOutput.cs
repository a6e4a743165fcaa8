using TaskMaster.Core.Scheduling;

namespace TaskMaster.Worker;

/// <summary>
/// Where an attempt's output goes, line by line: progress lines to the reporter, every other line
/// to the task log (and to the reporter when it is an <see cref="ITaskOutputListener"/>); stdout is watched for the <c>stdout contains</c> texts and the stderr tail kept.
/// </summary>
internal sealed class AttemptOutput(TaskLaunch launch, ITaskReporter reporter, TaskLogWriter log, int stderrTailLines)
{
    private readonly LineTail _stderrTail = new(stderrTailLines);
    private readonly IReadOnlyList<string> _watched = launch.Task.Success.StdoutContains;
    private readonly ITaskOutputListener? _listener = reporter as ITaskOutputListener;
    // Written by the stdout reader only, read once both readers are done.
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public IReadOnlyList<string> StderrTail => _stderrTail.Snapshot();

    public void OnStdout(string line)
    {
        if (ProgressLine.TryParse(line, out var percent, out var message))
        {
            reporter.Progress(launch, percent, message);
            return;
        }
        foreach (var text in _watched)
            if (line.Contains(text, StringComparison.Ordinal)) _seen.Add(text);
        log.WriteStdout(line);
        _listener?.Output(launch, stderr: false, line);
    }

    public void OnStderr(string line)
    {
        _stderrTail.Add(line);
        log.WriteStderr(line);
        _listener?.Output(launch, stderr: true, line);
    }

    /// <summary>Whether an ordinary stdout line contained <paramref name="text"/> (progress lines do not count).</summary>
    public bool StdoutContained(string text) => _seen.Contains(text);

    /// <summary>
    /// Feeds every line of <paramref name="reader"/> to <paramref name="onLine"/> until end of stream or
    /// until <paramref name="abandon"/> fires. Any other failure (a log write on a full disk, a reporter that throws) goes to
    /// <paramref name="onFault"/> and ends the pump: nothing is thrown.
    /// </summary>
    public static async Task PumpAsync(StreamReader reader, Action<string> onLine, Action<Exception> onFault, CancellationToken abandon)
    {
        try
        {
            while (await reader.ReadLineAsync(abandon).ConfigureAwait(false) is { } line)
                onLine(line);
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            onFault(e);
        }
    }
}
