using System.Globalization;

namespace TaskMaster.Core.Queue;

/// <summary>The number in front of a unit (<c>1.5</c> in <c>1.5Gi</c>): digits with an optional decimal part, no sign.</summary>
internal static class UnitNumber
{
    /// <summary>Reads a number from the start of <paramref name="text"/> and advances past it.</summary>
    public static bool TryRead(ref ReadOnlySpan<char> text, out decimal number)
    {
        number = 0;
        var length = 0;
        var digits = 0;
        var seenPoint = false;
        for (; length < text.Length; length++)
        {
            var c = text[length];
            if (char.IsAsciiDigit(c)) digits++;
            else if (c == '.' && !seenPoint) seenPoint = true;
            else break;
        }
        // A digit on both sides of the point: `.5` and `5.` are more likely typos than intent.
        if (digits == 0 || text[0] == '.' || text[length - 1] == '.') return false;
        if (!decimal.TryParse(text[..length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number))
            return false;
        text = text[length..];
        return true;
    }
}
