using Grpc.Core;
using Grpc.Core.Interceptors;

namespace TaskMaster.Scheduler.Control;

/// <summary>Refuses every control call that does not carry the home's token.</summary>
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

    private void Authorize(ServerCallContext context)
    {
        if (options.OpenMethods.Contains(context.Method)) return;
        if (!ControlToken.Matches(context.RequestHeaders.GetValue(ControlToken.Header), options.Token))
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                "control calls need the token: authorization: Bearer <contents of the home's control.token, or of the service's TASKMASTER_CONTROL__TOKENFILE>"));
    }
}

/// <summary>The token the interceptor expects.</summary>
public sealed class ControlTokenOptions
{
    public required string Token { get; init; }

    /// <summary>Methods (<c>/package.Service/Method</c>) callers may use without the token.</summary>
    public IReadOnlySet<string> OpenMethods { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
