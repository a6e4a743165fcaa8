using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace TaskMaster.Core.Queue;

/// <summary>A queue file's bytes as text.</summary>
/// <param name="Text">The text, without a byte order mark; invalid UTF-8 is replaced by U+FFFD.</param>
/// <param name="InvalidUtf8Line">1-based line of the first byte that is not valid UTF-8, or 0 when all are.</param>
internal readonly record struct DecodedText(string Text, int InvalidUtf8Line);

/// <summary>Turns a queue file's bytes into text: UTF-8, byte order mark dropped.</summary>
internal static class QueueTextDecoder
{
    public static DecodedText Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        var text = Encoding.UTF8.GetString(bytes);
        return new DecodedText(text, Utf8.IsValid(bytes) ? 0 : LineOf(bytes, FirstInvalidByte(bytes)));
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != OperationStatus.Done) return offset;
            offset += consumed;
        }
        return offset;
    }

    /// <summary>Counts line breaks the way Markdown does: LF, CRLF and a lone CR each end a line.</summary>
    private static int LineOf(ReadOnlySpan<byte> bytes, int offset)
    {
        var line = 1;
        for (var i = 0; i < offset; i++)
        {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.Length || bytes[i + 1] != '\n'))) line++;
        }
        return line;
    }
}
