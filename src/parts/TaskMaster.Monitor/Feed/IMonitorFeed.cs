namespace TaskMaster.Monitor.Feed;

/// <summary>
/// The live feed to every open dashboard (docs/monitoring-contract.md). Publishing never blocks
/// and never fails the caller: a client that cannot keep up is told to resync instead.
/// </summary>
public interface IMonitorFeed
{
    /// <summary>Sends <paramref name="payload"/> (serialized once, snake_case) to every client as <c>event: <paramref name="kind"/></c>.</summary>
    void Publish(string kind, object payload);
}
