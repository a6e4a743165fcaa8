using MassTransit;
using Microsoft.Extensions.Logging;

namespace TaskMaster.RabbitMq;

/// <summary>
/// Handlers of messages that are applied in memory and answered by nothing (a worker's report, a
/// cancel): one that cannot be applied is logged and consumed, because its redelivery would fail the
/// same way for ever and an error queue helps no one.
/// </summary>
internal static partial class AppliedMessageHandler
{
    /// <summary>Handles <typeparamref name="T"/> on <paramref name="endpoint"/> with <paramref name="apply"/>, logging and dropping what it throws.</summary>
    public static void Apply<T>(this IReceiveEndpointConfigurator endpoint, Action<T> apply, ILogger logger)
        where T : class =>
        endpoint.Handler<T>(context =>
        {
            try
            {
                apply(context.Message);
            }
            catch (Exception e)
            {
                LogNotApplied(logger, e, typeof(T).Name);
            }
            return Task.CompletedTask;
        });

    [LoggerMessage(Level = LogLevel.Error, Message = "A {MessageType} message could not be applied: it is dropped")]
    private static partial void LogNotApplied(ILogger logger, Exception exception, string messageType);
}
