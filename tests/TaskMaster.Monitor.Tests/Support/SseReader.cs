using System.Text;
using System.Text.Json;

namespace TaskMaster.Monitor.Tests.Support;

/// <summary>Reads a Server-Sent Events response one event at a time.</summary>
internal sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    public static async Task<SseReader> OpenAsync(HttpClient http)
    {
        var response = await http.GetAsync("api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseReader(await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event; null when the stream ended.</summary>
    public async Task<(string Kind, JsonElement Data)?> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        string? kind = null, data = null;
        while (await _reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) kind = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line["data: ".Length..];
            else if (line.Length == 0 && kind is not null) return (kind, JsonDocument.Parse(data ?? "{}").RootElement.Clone());
        }
        return null;
    }

    /// <summary>Events until one matches; fails when the stream ends or the time runs out first.</summary>
    public async Task<JsonElement> WaitForAsync(string kind, Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            var next = await NextAsync(deadline - DateTime.UtcNow) ?? throw new InvalidOperationException($"the feed ended before a matching '{kind}'");
            if (next.Kind == kind && match(next.Data)) return next.Data;
        }
        throw new TimeoutException($"no matching '{kind}' in time");
    }

    public void Dispose() => _reader.Dispose();
}
