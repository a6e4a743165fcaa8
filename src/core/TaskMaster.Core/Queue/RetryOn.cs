namespace TaskMaster.Core.Queue;

/// <summary>Which failures of a task are transient (worth another attempt): the <c>retry-on</c> field.</summary>
public sealed record RetryOn(IReadOnlySet<int> ExitCodes, bool Timeout, bool Signal)
{
    /// <summary>The format's default: <c>timeout</c>, <c>signal</c>, <c>exit 75</c> (EX_TEMPFAIL).</summary>
    public static RetryOn Default { get; } = new(new HashSet<int> { 75 }, Timeout: true, Signal: true);

    public bool Equals(RetryOn? other) =>
        other is not null && Timeout == other.Timeout && Signal == other.Signal && ExitCodes.SetEquals(other.ExitCodes);

    public override int GetHashCode() => HashCode.Combine(Timeout, Signal, ExitCodes.Count);

    public override string ToString()
    {
        var parts = ExitCodes.Order().Select(c => $"exit {c}").ToList();
        if (Timeout) parts.Add("timeout");
        if (Signal) parts.Add("signal");
        return string.Join(", ", parts);
    }
}
