using System.Text.Json;
using TaskMaster.Core.Events;

namespace TaskMaster.Monitor.Feed;

/// <summary>
/// The newest events since the last update, at most <paramref name="capacity"/> (under a flood the
/// oldest are left out: the rows still say where every task is). A ring, reused from one update to
/// the next: keeping an event costs one array write.
/// </summary>
internal sealed class EventWindow(int capacity)
{
    private readonly RunEvent?[] _ring = new RunEvent?[capacity];
    private long _added;

    public int Count => (int)Math.Min(_added, capacity);

    public void Add(RunEvent e) => _ring[_added++ % capacity] = e;

    /// <summary>Writes the events kept, oldest first, as a JSON array named <paramref name="name"/>.</summary>
    public void WriteTo(Utf8JsonWriter writer, string name)
    {
        writer.WriteStartArray(name);
        for (var i = _added - Count; i < _added; i++) RunEventJson.Serialize(writer, _ring[i % capacity]!);
        writer.WriteEndArray();
    }

    public void Clear()
    {
        Array.Clear(_ring, 0, Count);
        _added = 0;
    }
}
