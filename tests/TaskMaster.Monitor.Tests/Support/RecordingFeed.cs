using System.Text.Json;
using TaskMaster.Monitor.Feed;

namespace TaskMaster.Monitor.Tests.Support;

/// <summary>A feed that keeps what was published, as JSON.</summary>
internal sealed class RecordingFeed : IMonitorFeed
{
    private readonly Lock _gate = new();
    private readonly List<(string Kind, JsonElement Payload)> _published = [];

    public void Publish(string kind, object payload)
    {
        var json = payload is JsonElement element ? element : JsonSerializer.SerializeToElement(payload);
        lock (_gate) _published.Add((kind, json));
    }

    public IReadOnlyList<JsonElement> Of(string kind)
    {
        lock (_gate) return _published.Where(p => p.Kind == kind).Select(p => p.Payload).ToList();
    }
}
