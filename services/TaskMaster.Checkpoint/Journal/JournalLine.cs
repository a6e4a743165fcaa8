using System.Buffers;
using System.Buffers.Text;
using System.IO.Hashing;
using System.Text.Json;
using TaskMaster.Core.Events;

namespace TaskMaster.Checkpoint.Journal;

/// <summary>
/// One journal line: <c>&lt;crc32 as 8 hex digits&gt; &lt;event JSON&gt;\n</c>. The CRC catches a
/// corrupted line that would still parse as JSON (a flipped digit in an exit code, say).
/// </summary>
internal static class JournalLine
{
    private const int CrcLength = 8;

    public static void Write(IBufferWriter<byte> output, RunEvent e, ArrayBufferWriter<byte> scratch)
    {
        scratch.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(scratch))
            RunEventJson.Serialize(writer, e);
        var json = scratch.WrittenSpan;
        var line = output.GetSpan(CrcLength + 2 + json.Length);
        Crc32.HashToUInt32(json).TryFormat(line, out _, "x8");
        line[CrcLength] = (byte)' ';
        json.CopyTo(line[(CrcLength + 1)..]);
        line[CrcLength + 1 + json.Length] = (byte)'\n';
        output.Advance(CrcLength + 2 + json.Length);
    }

    /// <summary>Reads a line without its newline; false with a reason when it is damaged.</summary>
    public static bool TryRead(ReadOnlySpan<byte> line, out RunEvent? e, out string? problem)
    {
        e = null;
        problem = null;
        if (line.Length < CrcLength + 2 || line[CrcLength] != (byte)' '
            || !Utf8Parser.TryParse(line[..CrcLength], out uint expected, out var consumed, 'x') || consumed != CrcLength)
        {
            problem = "malformed line";
            return false;
        }
        var json = line[(CrcLength + 1)..];
        if (Crc32.HashToUInt32(json) != expected)
        {
            problem = "checksum mismatch";
            return false;
        }
        try
        {
            e = RunEventJson.Deserialize(json);
            return true;
        }
        catch (JsonException ex)
        {
            problem = $"unreadable event ({ex.Message})";
            return false;
        }
    }

    /// <summary>What a damaged line's JSON says, ignoring its checksum: a hint for people, never folded.</summary>
    public static RunEvent? ReadUnverified(ReadOnlySpan<byte> line)
    {
        if (line.Length < CrcLength + 2) return null;
        try
        {
            return RunEventJson.Deserialize(line[(CrcLength + 1)..]);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }
}
