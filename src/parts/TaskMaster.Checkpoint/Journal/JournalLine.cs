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

    /// <param name="output">Where the line goes.</param>
    /// <param name="e">The event.</param>
    /// <param name="scratch">Where the event's JSON is put first (its checksum goes before it).</param>
    /// <param name="writer">A writer kept for <paramref name="scratch"/>, reused for every line: the write path allocates no writer per event.</param>
    public static void Write(IBufferWriter<byte> output, RunEvent e, ArrayBufferWriter<byte> scratch, Utf8JsonWriter writer)
    {
        scratch.ResetWrittenCount();
        writer.Reset(scratch);
        RunEventJson.Serialize(writer, e);
        writer.Flush();
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
        if (!TryVerify(line, out problem)) return false;
        var json = line[(CrcLength + 1)..];
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

    /// <summary>
    /// Checks a line and reads only its sequence number, without decoding the event: for records a
    /// checkpoint already covers, which are verified (checksum and continuity) but never folded.
    /// </summary>
    /// <returns>The sequence, or null with a reason when the line is damaged.</returns>
    public static long? TryReadSequence(ReadOnlySpan<byte> line, out string? problem)
    {
        if (!TryVerify(line, out problem)) return null;
        // The writer puts the sequence last ({"type":…,"sequence":7}); a line of another shape is decoded whole.
        var json = line[(CrcLength + 1)..];
        var key = json.LastIndexOf(SequenceKey);
        if (key > 0 && json[^1] == (byte)'}' && Utf8Parser.TryParse(json[(key + SequenceKey.Length)..^1], out long sequence, out var consumed)
            && consumed == json.Length - 1 - key - SequenceKey.Length)
            return sequence;
        return TryRead(line, out var e, out problem) ? e!.Sequence : null;
    }

    private static ReadOnlySpan<byte> SequenceKey => ",\"sequence\":"u8;

    /// <summary>The line's shape and checksum.</summary>
    private static bool TryVerify(ReadOnlySpan<byte> line, out string? problem)
    {
        problem = null;
        if (line.Length < CrcLength + 2 || line[CrcLength] != (byte)' '
            || !Utf8Parser.TryParse(line[..CrcLength], out uint expected, out var consumed, 'x') || consumed != CrcLength)
        {
            problem = "malformed line";
            return false;
        }
        if (Crc32.HashToUInt32(line[(CrcLength + 1)..]) != expected)
        {
            problem = "checksum mismatch";
            return false;
        }
        return true;
    }

    /// <summary>What a damaged line's JSON says, ignoring its checksum: a hint for people, never folded.</summary>
    public static RunEvent? ReadUnverified(ReadOnlySpan<byte> line)
    {
        if (line.Length < CrcLength + 2) return null;
        try
        {
            return RunEventJson.Deserialize(line[(CrcLength + 1)..]);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
