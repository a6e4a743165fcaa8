namespace TaskMaster.Checkpoint.Cluster;

/// <summary>
/// Told when one of the tiered store's stores goes down while the other stands in, and when it is back:
/// where the checkpoint service raises and resolves its alert. Called on the operation's path: it must return at once and never throw.
/// </summary>
public interface ICheckpointStoreAlerts
{
    void Down(string store, string standIn, string problem);

    void Back(string store);
}
