using Grpc.Core;
using Grpc.Net.Client;

namespace TaskMaster.SchedulerService.Tests.Hostile;

/// <summary>Calls with bytes of the caller's choosing in place of a request message: what a hostile client can send that no generated client would.</summary>
internal static class RawGrpcCalls
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(bytes => bytes, bytes => bytes);

    /// <summary>Sends <paramref name="body"/> as the request of <paramref name="service"/>/<paramref name="method"/>; answers the status the server ends the call with.</summary>
    public static async Task<Status> SendAsync(GrpcChannel channel, string service, string method, byte[] body, string? authorization)
    {
        var call = new Method<byte[], byte[]>(MethodType.Unary, service, method, Bytes, Bytes);
        var headers = new Metadata();
        if (authorization is not null) headers.Add("authorization", authorization);
        try
        {
            await channel.CreateCallInvoker().AsyncUnaryCall(call, null, new CallOptions(headers, DateTime.UtcNow.AddSeconds(60)), body);
            return Status.DefaultSuccess;
        }
        catch (RpcException e)
        {
            return e.Status;
        }
    }
}
