using Grpc.Core;
using Grpc.Core.Interceptors;

namespace TaskMaster.ServiceDefaults.Control;

/// <summary>An interceptor that lets a call through only once <see cref="Guard"/> has passed it, whatever the call's kind.</summary>
public abstract class CallGuardInterceptor : Interceptor
{
    /// <summary>Throws an <see cref="RpcException"/> to refuse the call; returns to let it through.</summary>
    protected abstract void Guard(ServerCallContext context);

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Guard(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Guard(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Guard(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Guard(context);
        return continuation(requestStream, responseStream, context);
    }
}
