using System.Text.Json;

namespace TaskMaster.Monitor.Feed;

/// <summary>
/// Every open feed of the monitor. Publishing serializes once and offers the frame to each client's
/// bounded queue; it never waits for a client.
/// </summary>
internal sealed class MonitorFeed(MonitorOptions options) : IMonitorFeed
{
    private readonly Lock _gate = new();
    private readonly List<FeedClient> _clients = [];
    private bool _completed;
    // Read without the lock on the scheduler's loop, for every event.
    private volatile int _clientCount;

    /// <summary>Clients connected now.</summary>
    public int ClientCount => _clientCount;

    public void Publish(string kind, object payload) =>
        Broadcast(SseFrame.Of(kind, JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType(), Api.MonitorJson.Options)));

    /// <summary>Offers <paramref name="frame"/> to every client, then lets go of the publisher's own hold on it.</summary>
    public void Broadcast(FeedFrame frame)
    {
        try
        {
            FeedClient[] clients;
            lock (_gate)
            {
                if (_completed) return;
                clients = [.. _clients];
            }
            foreach (var client in clients) client.Offer(frame);
        }
        finally
        {
            frame.Release();
        }
    }

    /// <summary>A new client; already completed when the feed is (the run has ended).</summary>
    public FeedClient Subscribe()
    {
        var client = new FeedClient(options.ClientQueueCapacity);
        lock (_gate)
        {
            if (_completed) client.Complete();
            else _clients.Add(client);
            _clientCount = _clients.Count;
        }
        return client;
    }

    public void Unsubscribe(FeedClient client)
    {
        lock (_gate)
        {
            _clients.Remove(client);
            _clientCount = _clients.Count;
        }
        client.Close();
    }

    /// <summary>Ends every feed once it has sent what it has queued; later clients get only their hello.</summary>
    public void Complete()
    {
        FeedClient[] clients;
        lock (_gate)
        {
            _completed = true;
            clients = [.. _clients];
        }
        foreach (var client in clients) client.Complete();
    }
}
