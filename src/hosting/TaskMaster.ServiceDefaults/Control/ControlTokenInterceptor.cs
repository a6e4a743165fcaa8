using Grpc.Core;
using Grpc.Core.Interceptors;

namespace TaskMaster.ServiceDefaults.Control;

/// <summary>Refuses every call that does not carry the control token, whatever its kind, except the methods left open.</summary>
public sealed class ControlTokenInterceptor(ControlTokenOptions options) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authorize(ServerCallContext context)
    {
        if (options.OpenMethods.Contains(context.Method)) return;
        if (!ControlToken.Matches(context.RequestHeaders.GetValue(ControlToken.Header), options.Token))
            throw new RpcException(new Status(StatusCode.Unauthenticated, options.Refusal));
    }
}

/// <summary>The token the interceptor expects.</summary>
public sealed class ControlTokenOptions
{
    /// <summary>What a refused caller is told (where the token is to be found).</summary>
    public const string HomeRefusal = "control calls need the home's token: authorization: Bearer <contents of control.token>";

    public required string Token { get; init; }

    /// <summary>Methods (<c>/package.Service/Method</c>) callers may use without the token.</summary>
    public IReadOnlySet<string> OpenMethods { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public string Refusal { get; init; } = HomeRefusal;
}
