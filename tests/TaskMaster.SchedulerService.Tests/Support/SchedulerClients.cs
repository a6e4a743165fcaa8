using Grpc.Core;
using Grpc.Net.Client;
using SchedulerClient = TaskMaster.Contracts.Scheduler.V1.SchedulerService.SchedulerServiceClient;

namespace TaskMaster.SchedulerService.Tests.Support;

/// <summary>Clients of a scheduler service with a given <c>authorization</c> header (or none), and call deadlines.</summary>
internal static class SchedulerClients
{
    public static SchedulerClient Create(Uri address, string? authorization, List<GrpcChannel> channels)
    {
        var channel = GrpcChannel.ForAddress(address);
        channels.Add(channel);
        var invoker = authorization is null ? channel.CreateCallInvoker() : Grpc.Core.Interceptors.CallInvokerExtensions.Intercept(channel.CreateCallInvoker(), metadata =>
        {
            metadata.Add("authorization", authorization);
            return metadata;
        });
        return new SchedulerClient(invoker);
    }

    public static CallOptions Within(int seconds = 60) => new(deadline: DateTime.UtcNow.AddSeconds(seconds));
}
