using System.Buffers;
using System.Globalization;
using System.Text;

namespace TaskMaster.Benchmarks.Monitor;

/// <summary>
/// An SSE client that reads the whole feed as a dashboard tab receives it, counting what it got and
/// timing each update. It reads bytes into one buffer it keeps (no string per line): it stands for a
/// browser, which runs in a process of its own, so its own garbage must not stop the measured run's loop.
/// </summary>
internal sealed class FeedClientReader
{
    private static readonly byte[] FrameEnd = "\n\n"u8.ToArray();

    private FeedClientReader(Task<FeedReading> finished) => Finished = finished;

    public Task<FeedReading> Finished { get; }

    public static async Task<FeedClientReader> ConnectAsync(HttpClient http)
    {
        var response = await http.GetAsync("api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync();
        var frames = new FrameReader(stream);
        // Connected once the hello is in: the run starts after every client is.
        if (await frames.NextAsync() is not { } hello || !hello.Span.StartsWith("event: hello\n"u8))
            throw new InvalidOperationException("the feed did not start with hello");
        return new FeedClientReader(Task.Run(async () =>
        {
            var reading = new FeedReading();
            using (response)
            using (frames)
            {
                while (await frames.NextAsync() is { } frame) reading.Take(frame.Span, DateTimeOffset.UtcNow);
            }
            return reading;
        }));
    }

    /// <summary>Cuts the stream into frames (each ends with a blank line) in one growing buffer.</summary>
    private sealed class FrameReader(Stream stream) : IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        private int _start, _end;

        public async Task<ReadOnlyMemory<byte>?> NextAsync()
        {
            var searched = _start;
            while (true)
            {
                var at = _buffer.AsSpan(searched, _end - searched).IndexOf(FrameEnd);
                if (at >= 0)
                {
                    var frame = _buffer.AsMemory(_start, searched + at - _start);
                    _start = searched + at + FrameEnd.Length;
                    return frame;
                }
                searched = Math.Max(_start, _end - 1);
                if (_start > 0)
                {
                    // Whatever was consumed is dropped from the front before reading more.
                    _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                    (searched, _end, _start) = (searched - _start, _end - _start, 0);
                }
                if (_end == _buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                    _buffer.AsSpan(0, _end).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(_buffer);
                    _buffer = larger;
                }
                var read = await stream.ReadAsync(_buffer.AsMemory(_end));
                if (read == 0) return null;
                _end += read;
            }
        }

        public void Dispose()
        {
            stream.Dispose();
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }
}

/// <summary>What one client received: updates and resyncs, and per update its delays in ms.</summary>
internal sealed class FeedReading
{
    public int Updates { get; private set; }

    public int Resyncs { get; private set; }

    /// <summary>From the newest journal event an update carries to this client having read the update.</summary>
    public List<double> FreshnessMs { get; } = [];

    /// <summary>From that event to the executor publishing the update (its <c>published_at</c>): the executor's share.</summary>
    public List<double> ExecutorMs { get; } = [];

    public void Take(ReadOnlySpan<byte> frame, DateTimeOffset now)
    {
        if (frame.StartsWith("event: resync\n"u8)) Resyncs++;
        if (!frame.StartsWith("event: update\n"u8)) return;
        Updates++;
        // The events come oldest first, each with "at", then the update's own "published_at".
        var events = frame.LastIndexOf("\"events\":["u8);
        var at = frame.LastIndexOf("\"at\":\""u8);
        if (events < 0 || at < events || TimeAfter(frame, at + 6) is not { } newest) return;
        FreshnessMs.Add((now - newest).TotalMilliseconds);
        var published = frame.LastIndexOf("\"published_at\":\""u8);
        if (published >= 0 && TimeAfter(frame, published + 16) is { } sent) ExecutorMs.Add((sent - newest).TotalMilliseconds);
    }

    private static DateTimeOffset? TimeAfter(ReadOnlySpan<byte> frame, int start)
    {
        var length = frame[start..].IndexOf((byte)'"');
        return length > 0 && DateTimeOffset.TryParse(Encoding.UTF8.GetString(frame.Slice(start, length)), CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var value) ? value : null;
    }
}
