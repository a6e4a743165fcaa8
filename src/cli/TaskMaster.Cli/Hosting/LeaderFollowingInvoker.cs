using Grpc.Core;

namespace TaskMaster.Cli.Hosting;

/// <summary>
/// Calls a scheduler service that may run as several replicas (docs/cluster.md, "Failover"): a unary call
/// refused with <c>UNAVAILABLE</c> is sent again, at once to the leader the refusal names (the trailer
/// <c>taskmaster-leader</c>) or, when none is named (a takeover under way, the replica gone), to the address
/// given after a backoff (0.25 s doubling to 2 s), for up to <see cref="FollowFor"/>. Streams go to the
/// address last found to answer.
/// </summary>
internal sealed class LeaderFollowingInvoker(Uri address, Func<Uri, (CallInvoker Invoker, IDisposable Channel)> connect) : CallInvoker, IDisposable
{
    /// <summary>The trailer a standby names the leader's address in.</summary>
    public const string LeaderTrailer = "taskmaster-leader";

    /// <summary>How long a refused call is tried again, at most.</summary>
    public static readonly TimeSpan FollowFor = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    private readonly Dictionary<Uri, (CallInvoker Invoker, IDisposable Channel)> _connections = [];
    private readonly Lock _gate = new();
    private readonly Uri _given = address;
    private Uri _current = address;

    /// <summary>Where the calls go now: the address given, or the leader a standby named.</summary>
    public Uri Current
    {
        get
        {
            lock (_gate) return _current;
        }
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        FollowAsync(invoker => invoker.AsyncUnaryCall(method, host, options, request).ResponseAsync, options).GetAwaiter().GetResult();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var response = FollowAsync(invoker => invoker.AsyncUnaryCall(method, host, options, request).ResponseAsync, options);
        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        InvokerFor(Current).AsyncServerStreamingCall(method, host, options, request);

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        InvokerFor(Current).AsyncClientStreamingCall(method, host, options);

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        InvokerFor(Current).AsyncDuplexStreamingCall(method, host, options);

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var (_, channel) in _connections.Values) channel.Dispose();
            _connections.Clear();
        }
    }

    private async Task<TResponse> FollowAsync<TResponse>(Func<CallInvoker, Task<TResponse>> call, CallOptions options)
    {
        var giveUpAt = DateTime.UtcNow + FollowFor;
        if (options.Deadline is { } deadline && deadline < giveUpAt) giveUpAt = deadline;
        var delay = FirstDelay;
        while (true)
        {
            var target = Current;
            try
            {
                return await call(InvokerFor(target)).ConfigureAwait(false);
            }
            catch (RpcException refused) when (refused.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < giveUpAt)
            {
                if (LeaderNamedBy(refused) is { } leader && leader != target)
                {
                    lock (_gate) _current = leader;
                    continue;
                }
                // A leader named earlier may be the one that is gone: the address given is asked again.
                lock (_gate) _current = _given;
                await Task.Delay(delay, options.CancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
        }
    }

    // Only an http(s) address: anything else in the trailer is ignored, never dialled.
    private static Uri? LeaderNamedBy(RpcException refused) =>
        refused.Trailers.GetValue(LeaderTrailer) is { Length: > 0 } named && Uri.TryCreate(named, UriKind.Absolute, out var leader) && leader.Scheme is "http" or "https"
            ? leader
            : null;

    private CallInvoker InvokerFor(Uri target)
    {
        lock (_gate)
        {
            if (!_connections.TryGetValue(target, out var connection)) _connections[target] = connection = connect(target);
            return connection.Invoker;
        }
    }
}
