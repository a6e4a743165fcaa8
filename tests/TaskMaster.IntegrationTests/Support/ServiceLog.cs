using System.Text.Json;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Support;

/// <summary>
/// What a service process logged: its <c>service.log</c>, one JSON event a line (Serilog's compact form:
/// the message template as <c>@mt</c>, its values as properties of the event).
/// </summary>
internal static class ServiceLog
{
    /// <summary>The events <paramref name="service"/> logged with <paramref name="template"/> whose properties have <paramref name="values"/>.</summary>
    public static IReadOnlyList<JsonElement> Events(ServiceProcess service, string template, params (string Name, string Value)[] values)
    {
        var events = new List<JsonElement>();
        foreach (var line in File.ReadAllLines(Path.Combine(service.Folder!, "service.log")))
        {
            // The line the process is writing may be cut short: it is read next time.
            if (Parsed(line) is not { } logged || !logged.TryGetProperty("@mt", out var mt) || mt.GetString() != template) continue;
            if (values.All(v => logged.TryGetProperty(v.Name, out var value) && value.ToString() == v.Value)) events.Add(logged);
        }
        return events;
    }

    private static JsonElement? Parsed(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
