using MassTransit;
using TaskMaster.Monitor.Logs;
using TaskMaster.RabbitMq.Messages;

namespace TaskMaster.MonitorService;

/// <summary>The workers' log-line batches, into the task logs the dashboard reads (<see cref="StreamedTaskLogs"/>).</summary>
public sealed class StreamedLogConsumer(StreamedTaskLogs logs) : IConsumer<AttemptLogLines>
{
    public Task Consume(ConsumeContext<AttemptLogLines> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var batch = context.Message;
        logs.Append(batch.RunId, batch.TaskId, batch.Attempt, batch.Sequence, batch.Lines.Select(l => l.Text));
        return Task.CompletedTask;
    }
}
