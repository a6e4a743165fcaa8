namespace TaskMaster.Core.Queue;

/// <summary>
/// Sizes in bytes as queue files write them: a number with an optional unit, binary
/// (<c>Ki</c>, <c>Mi</c>, <c>Gi</c>, <c>Ti</c>: powers of 1024) or decimal (<c>K</c>, <c>M</c>, <c>G</c>, <c>T</c>: powers of 1000).
/// </summary>
public static class SizeFormat
{
    /// <summary>How a size is written, for error messages.</summary>
    public const string Expected = "a size such as `256Mi`, `2Gi`, `500M` or `1048576` (bytes; units Ki Mi Gi Ti = 1024ⁿ, K M G T = 1000ⁿ)";

    private static readonly (string Suffix, long Bytes)[] Units =
    [
        ("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("Ti", 1L << 40),
        ("K", 1_000L), ("M", 1_000_000L), ("G", 1_000_000_000L), ("T", 1_000_000_000_000L),
    ];

    /// <summary>Reads a size; false when the text is not one, or is not a whole number of bytes, or overflows.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long bytes)
    {
        bytes = 0;
        if (!UnitNumber.TryRead(ref text, out var number)) return false;
        long multiplier = 1;
        if (!text.IsEmpty)
        {
            var unit = 0;
            while (unit < Units.Length && !text.SequenceEqual(Units[unit].Suffix)) unit++;
            if (unit == Units.Length) return false;
            multiplier = Units[unit].Bytes;
        }
        if (number > long.MaxValue / (decimal)multiplier) return false;
        var total = number * multiplier;
        if (total != decimal.Truncate(total)) return false;
        bytes = (long)total;
        return true;
    }
}
