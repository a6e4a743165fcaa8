using System.Threading.Channels;
using MassTransit;
using TaskMaster.Core.Scheduling;
using TaskMaster.RabbitMq;
using TaskMaster.RabbitMq.Messages;

namespace TaskMaster.IntegrationTests.Messaging;

/// <summary>
/// The scheduler's side of the broker played by a test: it sends dispatches, consumes the scheduler
/// queue in its place, keeps what workers send there, and answers a worker's question (may it start?)
/// only when the test says so: a question left unanswered is one lost with the broker.
/// </summary>
public sealed class ScriptedScheduler : IAsyncDisposable
{
    private readonly IBus _bus;
    private readonly BrokerTopology _topology;
    private readonly Channel<Question> _questions = Channel.CreateUnbounded<Question>();
    private readonly Channel<AttemptHandedBack> _handBacks = Channel.CreateUnbounded<AttemptHandedBack>();
    private readonly Channel<AttemptCompleted> _results = Channel.CreateUnbounded<AttemptCompleted>();
    private HostReceiveEndpointHandle? _endpoint;

    private ScriptedScheduler(IBus bus, BrokerTopology topology)
    {
        _bus = bus;
        _topology = topology;
    }

    /// <summary>A worker's question, with where its answer goes.</summary>
    public sealed record Question(AttemptAccepted Message, Uri? ResponseAddress, Guid? RequestId);

    public static async Task<ScriptedScheduler> StartAsync(IBus bus, BrokerTopology topology)
    {
        var scheduler = new ScriptedScheduler(bus, topology);
        scheduler._endpoint = bus.ConnectReceiveEndpoint(topology.SchedulerQueue, endpoint =>
        {
            endpoint.Handler<AttemptAccepted>(context =>
                scheduler._questions.Writer.WriteAsync(new Question(context.Message, context.ResponseAddress, context.RequestId)).AsTask());
            endpoint.Handler<AttemptHandedBack>(context => scheduler._handBacks.Writer.WriteAsync(context.Message).AsTask());
            endpoint.Handler<AttemptCompleted>(context => scheduler._results.Writer.WriteAsync(context.Message).AsTask());
            // Consumed, so that they pile up nowhere; what they renew is the real dispatcher's business.
            endpoint.Handler<WorkerHeartbeat>(_ => Task.CompletedTask);
            endpoint.Handler<AttemptProgress>(_ => Task.CompletedTask);
        });
        await scheduler._endpoint.Ready.WaitAsync(Timeouts.Cancel());
        return scheduler;
    }

    /// <summary>The attempt of <paramref name="launch"/> as the scheduler would send it.</summary>
    public static AttemptDispatch Dispatch(TaskLaunch launch) =>
        new(Guid.NewGuid(), launch.RunId, launch.TaskIndex, launch.Attempt, AttemptTask.From(launch.Task), launch.QueueDirectory, null);

    public async Task SendAttemptAsync(AttemptDispatch dispatch)
    {
        var queue = await _bus.GetSendEndpoint(_topology.AttemptsAddress);
        await queue.Send(dispatch, Timeouts.Cancel());
    }

    /// <summary>Says yes or no to <paramref name="question"/>, as the dispatcher does.</summary>
    public async Task AnswerAsync(Question question, bool start)
    {
        var worker = await _bus.GetSendEndpoint(question.ResponseAddress!);
        await worker.Send(new AttemptAcceptance(question.Message.DispatchId, start), context => context.RequestId = question.RequestId, Timeouts.Cancel());
    }

    public Task<Question> NextQuestionAsync(TimeSpan timeout) => NextAsync(_questions, timeout, "question");

    public Task<AttemptHandedBack> NextHandBackAsync(TimeSpan timeout) => NextAsync(_handBacks, timeout, "hand-back");

    public Task<AttemptCompleted> NextResultAsync(TimeSpan timeout) => NextAsync(_results, timeout, "result");

    /// <summary>What a timeout's message adds: what the workers logged.</summary>
    public Func<string>? Context { get; set; }

    /// <summary>The hand-backs received so far and not yet taken.</summary>
    public int HandBacksWaiting => _handBacks.Reader.Count;

    public async ValueTask DisposeAsync()
    {
        if (_endpoint is not null) await _endpoint.StopAsync();
    }

    private async Task<T> NextAsync<T>(Channel<T> channel, TimeSpan timeout, string what)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await channel.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {what} within {timeout.TotalSeconds:0}s{Environment.NewLine}{Context?.Invoke()}");
        }
    }
}
