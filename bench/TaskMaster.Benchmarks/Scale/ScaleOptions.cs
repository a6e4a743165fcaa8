using System.Globalization;

namespace TaskMaster.Benchmarks.Scale;

/// <summary>
/// The <c>scale</c> suite's options: <c>--sizes 1k,10k,100k,1m</c>, <c>--shapes independent,phased</c>,
/// <c>--repeat N</c> (default 5) and <c>--repeat-large N</c> (default 1, for sizes of a million and more),
/// <c>--concurrency N</c> (default 16), and <c>--quick</c>: 1k and 10k, 3 repeats.
/// </summary>
internal sealed record ScaleOptions(int[] Sizes, QueueShape[] Shapes, int Repeat, int RepeatLarge, int Concurrency)
{
    public const int Large = 1_000_000;

    public static ScaleOptions Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        return new ScaleOptions(
            Value(args, "--sizes") is { } sizes ? [.. sizes.Split(',').Select(ParseSize)] : quick ? [1_000, 10_000] : [1_000, 10_000, 100_000, Large],
            Value(args, "--shapes") is { } shapes ? [.. shapes.Split(',').Select(s => Enum.Parse<QueueShape>(s, ignoreCase: true))] : [QueueShape.Independent, QueueShape.Phased],
            Value(args, "--repeat") is { } repeat ? int.Parse(repeat, CultureInfo.InvariantCulture) : quick ? 3 : 5,
            Value(args, "--repeat-large") is { } large ? int.Parse(large, CultureInfo.InvariantCulture) : 1,
            Value(args, "--concurrency") is { } jobs ? int.Parse(jobs, CultureInfo.InvariantCulture) : 16);
    }

    /// <summary>How many times a point of <paramref name="size"/> tasks is measured.</summary>
    public int RepeatFor(int size) => size >= Large ? Math.Min(RepeatLarge, Repeat) : Repeat;

    /// <summary><c>1k</c>, <c>100k</c>, <c>1m</c> or a plain number.</summary>
    public static int ParseSize(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        var (digits, factor) = t.EndsWith('k') ? (t[..^1], 1_000) : t.EndsWith('m') ? (t[..^1], 1_000_000) : (t, 1);
        return checked(int.Parse(digits, CultureInfo.InvariantCulture) * factor);
    }

    /// <summary>The short form of a size, as <see cref="ParseSize"/> reads it.</summary>
    public static string FormatSize(int size) =>
        size >= 1_000_000 && size % 1_000_000 == 0 ? $"{size / 1_000_000}M"
        : size >= 1_000 && size % 1_000 == 0 ? $"{size / 1_000}k"
        : size.ToString(CultureInfo.InvariantCulture);

    private static string? Value(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
