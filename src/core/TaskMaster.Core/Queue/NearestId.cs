namespace TaskMaster.Core.Queue;

/// <summary>"did you mean …?" for an id nobody knows: the known id nearest to it, when it is near enough to be what was meant.</summary>
public static class NearestId
{
    /// <summary>The known id at the least edit distance (the first in ordinal order on ties), if it is at most a third of the id's length (and at least 2) away.</summary>
    public static string? Find(string id, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(known);
        var limit = Math.Max(2, id.Length / 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            if (Math.Abs(candidate.Length - id.Length) > Math.Min(limit, bestDistance)) continue;
            var distance = EditDistance.Between(id, candidate);
            if (distance > limit) continue;
            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
                (best, bestDistance) = (candidate, distance);
        }
        return best;
    }

    /// <summary><c>; did you mean 'x'?</c>, or nothing when no known id is near.</summary>
    public static string Hint(string id, IEnumerable<string> known) => Find(id, known) is { } nearest ? $"; did you mean '{nearest}'?" : "";
}
