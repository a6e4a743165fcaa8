using System.Text;

namespace TaskMaster.Core.Tests.Fuzzing;

/// <summary>
/// Seeded mutations of a corpus of valid inputs, the kinds of damage a file or a hostile sender gives:
/// bit flips, truncations, splices of two inputs, duplicated and removed lines, random Unicode, huge
/// numbers, deep nesting. The same seed gives the same input, so any failure replays.
/// </summary>
internal static class Mutator
{
    private static readonly string[] Nestings = ["> ", "- ", "  - ", "[", "{\"a\":", "[[", "*", "`", "<div>"];

    private static readonly string[] HugeNumbers =
    [
        "99999999999999999999999999999999", "-9223372036854775809", "9223372036854775808", "1e999", "-0", "NaN",
        "4294967296", "2147483648", "0x7fffffff", "1.7976931348623157e309", "00000000000000000000000001",
    ];

    private static readonly string[] OddText =
    [
        "\0", "\uFEFF", "\u202E", "\uD800", "\uDFFF", "\r", "\r\n", "\t", "\u00A0", "\u2028", "😀", "e\u0301", "\\u0000",
        "\"", "'", "\\", "${HOME}", "$(id)", "`id`", "<script>", "%n%s", "\u0085", "\uFFFF", "\u061C",
    ];

    /// <summary>One to four mutations of a corpus entry chosen by <paramref name="random"/>.</summary>
    public static byte[] Mutate(IReadOnlyList<byte[]> corpus, Random random)
    {
        var input = corpus[random.Next(corpus.Count)].ToArray();
        for (var n = random.Next(1, 5); n > 0; n--) input = MutateOnce(input, corpus, random);
        return input;
    }

    private static byte[] MutateOnce(byte[] input, IReadOnlyList<byte[]> corpus, Random random) => random.Next(9) switch
    {
        0 => FlipBits(input, random),
        1 => input.Length == 0 ? input : input[..random.Next(input.Length)],
        2 => Splice(input, corpus[random.Next(corpus.Count)], random),
        3 => EditLines(input, random, duplicate: true),
        4 => EditLines(input, random, duplicate: false),
        5 => Insert(input, random, OddText[random.Next(OddText.Length)] + RandomUnicode(random)),
        6 => ReplaceNumber(input, random),
        7 => Nest(input, random),
        _ => RandomBytes(input, random),
    };

    private static byte[] FlipBits(byte[] input, Random random)
    {
        if (input.Length == 0) return input;
        for (var n = random.Next(1, 9); n > 0; n--) input[random.Next(input.Length)] ^= (byte)(1 << random.Next(8));
        return input;
    }

    private static byte[] Splice(byte[] first, byte[] second, Random random)
    {
        var cut = first.Length == 0 ? 0 : random.Next(first.Length);
        var from = second.Length == 0 ? 0 : random.Next(second.Length);
        return [.. first.AsSpan(0, cut), .. second.AsSpan(from)];
    }

    private static byte[] EditLines(byte[] input, Random random, bool duplicate)
    {
        var lines = Encoding.UTF8.GetString(input).Split('\n').ToList();
        var at = random.Next(lines.Count);
        var count = Math.Min(random.Next(1, 4), lines.Count - at);
        if (duplicate)
            lines.InsertRange(random.Next(lines.Count + 1), Enumerable.Repeat(lines.GetRange(at, count), random.Next(1, 50)).SelectMany(l => l));
        else
            lines.RemoveRange(at, count);
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    private static byte[] Insert(byte[] input, Random random, string text)
    {
        var at = input.Length == 0 ? 0 : random.Next(input.Length + 1);
        return [.. input.AsSpan(0, at), .. Encoding.UTF8.GetBytes(text), .. input.AsSpan(at)];
    }

    private static byte[] ReplaceNumber(byte[] input, Random random)
    {
        var digits = Enumerable.Range(0, input.Length).Where(i => input[i] is >= (byte)'0' and <= (byte)'9').ToList();
        if (digits.Count == 0) return Insert(input, random, HugeNumbers[random.Next(HugeNumbers.Length)]);
        var start = digits[random.Next(digits.Count)];
        var end = start;
        while (end < input.Length && input[end] is >= (byte)'0' and <= (byte)'9') end++;
        return [.. input.AsSpan(0, start), .. Encoding.UTF8.GetBytes(HugeNumbers[random.Next(HugeNumbers.Length)]), .. input.AsSpan(end)];
    }

    private static byte[] Nest(byte[] input, Random random)
    {
        var unit = Nestings[random.Next(Nestings.Length)];
        var depth = random.Next(2) == 0 ? random.Next(2, 40) : random.Next(1_000, 20_000);
        return Insert(input, random, string.Concat(Enumerable.Repeat(unit, depth)));
    }

    private static byte[] RandomBytes(byte[] input, Random random)
    {
        var noise = new byte[random.Next(1, 64)];
        random.NextBytes(noise);
        var at = input.Length == 0 ? 0 : random.Next(input.Length);
        return [.. input.AsSpan(0, at), .. noise, .. input.AsSpan(Math.Min(input.Length, at + random.Next(noise.Length)))];
    }

    private static string RandomUnicode(Random random)
    {
        var text = new StringBuilder();
        for (var n = random.Next(1, 12); n > 0; n--)
        {
            var codePoint = random.Next(0x110000);
            if (codePoint is >= 0xD800 and <= 0xDFFF) codePoint -= 0x800;
            text.Append(char.ConvertFromUtf32(codePoint));
        }
        return text.ToString();
    }
}
