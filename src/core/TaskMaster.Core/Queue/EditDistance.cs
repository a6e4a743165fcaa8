namespace TaskMaster.Core.Queue;

/// <summary>Levenshtein distance, for "did you mean …?" suggestions on misspelt keys and task ids.</summary>
internal static class EditDistance
{
    /// <summary>Insertions, deletions and substitutions needed to turn <paramref name="a"/> into <paramref name="b"/>.</summary>
    public static int Between(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length < b.Length)
        {
            var swap = a;
            a = b;
            b = swap;
        }
        // Two rows of the classic table, sized by the shorter string.
        Span<int> previous = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        Span<int> current = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            var row = previous;
            previous = current;
            current = row;
        }
        return previous[b.Length];
    }

    /// <summary>The candidate closest to <paramref name="text"/> (the first one on ties), or null when there are none.</summary>
    public static (string Candidate, int Distance)? Nearest(string text, IEnumerable<string> candidates)
    {
        (string, int)? best = null;
        foreach (var candidate in candidates)
        {
            // The length difference is a lower bound of the distance: skip what cannot win.
            if (best is { } b && Math.Abs(candidate.Length - text.Length) >= b.Item2) continue;
            var distance = Between(text, candidate);
            if (best is null || distance < best.Value.Item2) best = (candidate, distance);
        }
        return best;
    }
}
