using System.Text;
using System.Text.Json;
using TaskMaster.Core.Events;
using TaskMaster.Monitor.Feed;

namespace TaskMaster.Monitor.Tests.Feed;

public sealed class EventWindowTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static List<string?> Written(EventWindow window)
    {
        var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            window.WriteTo(writer, "events");
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(output.ToArray()));
        return document.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("taskId").GetString()).ToList();
    }

    [Fact]
    public void WriteTo_MoreEventsThanItKeeps_WritesTheNewestOldestFirst()
    {
        var window = new EventWindow(capacity: 3);

        for (var i = 0; i < 5; i++) window.Add(new TaskStarted(At, $"t{i}", 1));

        Assert.Equal(["t2", "t3", "t4"], Written(window));
    }

    [Fact]
    public void Clear_AfterAnUpdate_StartsAgainEmpty()
    {
        var window = new EventWindow(capacity: 3);
        window.Add(new TaskStarted(At, "before", 1));

        window.Clear();
        window.Add(new TaskStarted(At, "after", 1));

        Assert.Equal(["after"], Written(window));
    }
}
