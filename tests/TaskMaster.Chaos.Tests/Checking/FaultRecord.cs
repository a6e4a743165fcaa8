namespace TaskMaster.Chaos.Tests.Checking;

/// <summary>A fault as it was injected: what, on which process or server, from when until it healed (the process answered again).</summary>
public sealed record FaultRecord(string Kind, string Target, DateTimeOffset InjectedAt, DateTimeOffset HealedAt)
{
    /// <summary>Whether the fault was on at any time from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public bool Overlaps(DateTimeOffset from, DateTimeOffset to) => InjectedAt <= to && HealedAt >= from;
}
