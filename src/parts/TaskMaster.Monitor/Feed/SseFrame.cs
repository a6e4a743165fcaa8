using System.Buffers;
using System.Text;

namespace TaskMaster.Monitor.Feed;

/// <summary>Server-Sent Events framing (<c>event: kind</c>, <c>data: json</c>, blank line), built once per message for every client.</summary>
internal static class SseFrame
{
    public static readonly FeedFrame Resync = Of("resync", "{}"u8);

    public static FeedFrame Of(string kind, ReadOnlySpan<byte> json)
    {
        var frame = new ArrayBufferWriter<byte>(json.Length + kind.Length + 16);
        WriteHead(frame, kind);
        frame.Write(json);
        WriteTail(frame);
        return FeedFrame.Of(frame.WrittenMemory);
    }

    /// <summary>Starts a frame: its JSON follows, written straight into <paramref name="frame"/>, then <see cref="WriteTail"/>.</summary>
    public static void WriteHead(IBufferWriter<byte> frame, string kind)
    {
        if (kind.AsSpan().IndexOfAny('\r', '\n') >= 0) throw new ArgumentException("an event kind is one line", nameof(kind));
        frame.Write("event: "u8);
        frame.Write(Encoding.UTF8.GetBytes(kind));
        frame.Write("\ndata: "u8);
    }

    // Compact JSON has no raw line breaks (they are escaped inside strings), so the data is one line.
    public static void WriteTail(IBufferWriter<byte> frame) => frame.Write("\n\n"u8);
}
