namespace TaskMaster.Monitor.Logs;

/// <summary>Where UTF-8 text may be cut without splitting a character.</summary>
internal static class Utf8
{
    /// <summary>Bytes at the start that continue a character begun before them (at most 3).</summary>
    public static int ContinuationBytesAt(ReadOnlySpan<byte> bytes)
    {
        var count = 0;
        while (count < Math.Min(3, bytes.Length) && IsContinuation(bytes[count])) count++;
        return count;
    }

    /// <summary>The length of the longest prefix that ends between two characters.</summary>
    public static int WholeCharacters(ReadOnlySpan<byte> bytes)
    {
        // Back from the end to the start of the last character; keep it only if all its bytes are there.
        var last = bytes.Length - 1;
        var back = 0;
        while (last >= 0 && back < 3 && IsContinuation(bytes[last])) (last, back) = (last - 1, back + 1);
        if (last < 0) return bytes.Length;
        var needed = bytes[last] switch
        {
            < 0x80 => 1,
            >= 0xF0 => 4,
            >= 0xE0 => 3,
            >= 0xC0 => 2,
            _ => 1,
        };
        return last + needed <= bytes.Length ? bytes.Length : last;
    }

    private static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;
}
