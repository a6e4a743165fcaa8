namespace TaskMaster.RabbitMq.Dispatch;

/// <summary>What a heartbeat naming an attempt did to its lease.</summary>
internal enum LeaseRenewal
{
    /// <summary>The sender is the holder the scheduler said yes to: its lease is renewed.</summary>
    Renewed,

    /// <summary>No worker holds it yet (a worker's question may be on its way): nothing renewed, nothing made.</summary>
    AwaitsAcceptance,

    /// <summary>It is not wanted from the sender (ended, given up on, or held by another worker): the sender's copy is cancelled.</summary>
    NotWanted,
}
