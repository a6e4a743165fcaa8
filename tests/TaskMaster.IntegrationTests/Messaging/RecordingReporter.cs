using System.Collections.Concurrent;
using System.Threading.Channels;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.IntegrationTests.Messaging;

/// <summary>What an executor reported, in order, awaitable.</summary>
public sealed class RecordingReporter : ITaskReporter
{
    private readonly Channel<TaskAttemptResult> _completions = Channel.CreateUnbounded<TaskAttemptResult>();
    private readonly Channel<(TaskLaunch Launch, double Percent, string? Message)> _progress = Channel.CreateUnbounded<(TaskLaunch, double, string?)>();
    private readonly ConcurrentQueue<TaskAttemptResult> _all = new();

    /// <summary>Every completion reported so far.</summary>
    public IReadOnlyCollection<TaskAttemptResult> Completions => _all;

    public void Progress(TaskLaunch launch, double percent, string? message) => _progress.Writer.TryWrite((launch, percent, message));

    public void Completed(TaskAttemptResult result)
    {
        _all.Enqueue(result);
        _completions.Writer.TryWrite(result);
    }

    public async Task<TaskAttemptResult> NextCompletionAsync(TimeSpan timeout, string? context = null)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await _completions.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no completion within {timeout.TotalSeconds:0}s{(context is null ? "" : Environment.NewLine + context)}");
        }
    }

    public async Task<(TaskLaunch Launch, double Percent, string? Message)> NextProgressAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await _progress.Reader.ReadAsync(cancel.Token);
    }
}
