namespace TaskMaster.IntegrationTests.Messaging;

/// <summary>
/// Tests whose scheduler side (in this process) judges workers by heartbeats within a lease of
/// seconds: they run by themselves, after the parallel ones, so a test process busy with the
/// assembly's other tests cannot delay a heartbeat's handling past the lease and report a live
/// worker lost. (Seen: "sent no heartbeat for 10s" in 3 of 5 full-assembly runs, never alone.)
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LeaseTimingCollection
{
    public const string Name = "lease timing";
}
