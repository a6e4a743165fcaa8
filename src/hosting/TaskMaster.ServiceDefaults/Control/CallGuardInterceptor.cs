using Grpc.Core;
using Grpc.Core.Interceptors;

namespace TaskMaster.ServiceDefaults.Control;

/// <summary>An interceptor that lets a call through only once <see cref="GuardAsync"/> has passed it, whatever the call's kind.</summary>
public abstract class CallGuardInterceptor : Interceptor
{
    /// <summary>Throws an <see cref="RpcException"/> to refuse the call (at once, or once it has waited); completes to let it through.</summary>
    protected abstract ValueTask GuardAsync(ServerCallContext context);

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        Then(GuardAsync(context), () => continuation(request, context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        Then(GuardAsync(context), () => continuation(request, responseStream, context));

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        Then(GuardAsync(context), () => continuation(requestStream, context));

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        Then(GuardAsync(context), () => continuation(requestStream, responseStream, context));

    // A guard that passed at once costs no state machine: most calls are decided without waiting.
    private static Task<T> Then<T>(ValueTask guard, Func<Task<T>> next) => guard.IsCompletedSuccessfully ? next() : AfterAsync(guard, next);

    private static Task Then(ValueTask guard, Func<Task> next) => guard.IsCompletedSuccessfully ? next() : AfterAsync(guard, next);

    private static async Task<T> AfterAsync<T>(ValueTask guard, Func<Task<T>> next)
    {
        await guard.ConfigureAwait(false);
        return await next().ConfigureAwait(false);
    }

    private static async Task AfterAsync(ValueTask guard, Func<Task> next)
    {
        await guard.ConfigureAwait(false);
        await next().ConfigureAwait(false);
    }
}
