using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace TaskMaster.IntegrationTests.Hostile;

/// <summary>
/// A publisher that holds the broker's credentials but is no TaskMaster process: bytes of its choosing
/// straight onto a queue, as MassTransit's envelope or not, and what a queue holds.
/// </summary>
internal sealed class BrokerQueues(IConnection connection) : IAsyncDisposable
{
    public const string EnvelopeType = "application/vnd.masstransit+json";

    public static async Task<BrokerQueues> ConnectAsync(Uri amqp) =>
        new(await new ConnectionFactory { Uri = amqp }.CreateConnectionAsync(TestContext.Current.CancellationToken));

    /// <summary>MassTransit's envelope of <paramref name="message"/> (camelCase JSON), typed as <paramref name="messageType"/>.</summary>
    public static byte[] Envelope(string messageType, object message) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        messageId = Guid.NewGuid(),
        messageType = new[] { $"urn:message:{messageType}" },
        sentTime = DateTimeOffset.UtcNow,
        message,
    }, Web);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public async Task PublishAsync(string queue, byte[] body, string contentType = EnvelopeType)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        var properties = new BasicProperties { ContentType = contentType, Persistent = true, MessageId = Guid.NewGuid().ToString() };
        await channel.BasicPublishAsync("", queue, mandatory: false, properties, body, TestContext.Current.CancellationToken);
    }

    public Task PublishAsync(string queue, string text, string contentType) => PublishAsync(queue, Encoding.UTF8.GetBytes(text), contentType);

    /// <summary>How many messages <paramref name="queue"/> holds; 0 when it does not exist (yet).</summary>
    public async Task<uint> CountAsync(string queue)
    {
        try
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
            return (await channel.QueueDeclarePassiveAsync(queue, TestContext.Current.CancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync() => await connection.DisposeAsync();
}
