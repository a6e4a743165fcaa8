namespace TaskMaster.Benchmarks.Durability;

/// <summary>How the durable journal of a measured run is kept.</summary>
internal enum JournalMirrorMode
{
    /// <summary>One file, one fsync per scheduler step.</summary>
    None,

    /// <summary>The product's default: the same bytes to the journal and its mirror, both fsyncs issued at once.</summary>
    Parallel,

    /// <summary>The same two files, the mirror written and fsynced only after the journal's fsync returned.</summary>
    Serial,
}
