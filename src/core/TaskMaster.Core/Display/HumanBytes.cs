using System.Globalization;

namespace TaskMaster.Core.Display;

/// <summary>A size as people read it, in powers of 1024: <c>512 B</c>, <c>1.5 KiB</c>, <c>25 MiB</c>, <c>1.25 GiB</c>.</summary>
public static class HumanBytes
{
    public static string Format(long bytes) => bytes switch
    {
        < 1L << 10 => Invariant($"{bytes} B"),
        < 1L << 20 => Invariant($"{bytes / 1024.0:0.#} KiB"),
        < 1L << 30 => Invariant($"{bytes / (1024.0 * 1024):0.#} MiB"),
        _ => Invariant($"{bytes / (1024.0 * 1024 * 1024):0.##} GiB"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
