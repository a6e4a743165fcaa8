using Grpc.Core;

namespace TaskMaster.ServiceDefaults.Control;

/// <summary>Refuses every call that does not carry the control token, whatever its kind, except the methods left open.</summary>
public sealed class ControlTokenInterceptor(ControlTokenOptions options) : CallGuardInterceptor
{
    protected override ValueTask GuardAsync(ServerCallContext context)
    {
        if (!options.OpenMethods.Contains(context.Method) && !ControlToken.Matches(context.RequestHeaders.GetValue(ControlToken.Header), options.Token))
            throw new RpcException(new Status(StatusCode.Unauthenticated, options.Refusal));
        return ValueTask.CompletedTask;
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
