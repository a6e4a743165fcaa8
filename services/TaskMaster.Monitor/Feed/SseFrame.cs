using System.Text;

namespace TaskMaster.Monitor.Feed;

/// <summary>Server-Sent Events framing (<c>event: kind</c>, <c>data: json</c>, blank line), built once per message for every client.</summary>
internal static class SseFrame
{
    public static readonly ReadOnlyMemory<byte> Resync = Of("resync", "{}"u8);

    public static ReadOnlyMemory<byte> Of(string kind, ReadOnlySpan<byte> json)
    {
        if (kind.AsSpan().IndexOfAny('\r', '\n') >= 0) throw new ArgumentException("an event kind is one line", nameof(kind));
        // Compact JSON has no raw line breaks (they are escaped inside strings), so the data is one line.
        var head = Encoding.UTF8.GetBytes($"event: {kind}\ndata: ");
        var frame = new byte[head.Length + json.Length + 2];
        head.CopyTo(frame, 0);
        json.CopyTo(frame.AsSpan(head.Length));
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        return frame;
    }
}
