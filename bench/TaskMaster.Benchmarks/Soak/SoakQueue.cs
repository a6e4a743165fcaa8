namespace TaskMaster.Benchmarks.Soak;

/// <summary>What a task of the soak's queue does.</summary>
internal enum SoakTaskKind
{
    /// <summary><c>true</c>.</summary>
    Succeeds,

    /// <summary>Exits 75 (transient by default) on its first attempt, succeeds on the retry.</summary>
    FailsOnce,

    /// <summary>Exits 3: permanent, not retried.</summary>
    FailsForGood,
}

/// <summary>
/// The soak's queue: independent short tasks, the failing ones spread evenly over the whole queue so
/// that every simulated day has its share.
/// </summary>
internal sealed class SoakQueue
{
    private readonly SoakOptions _options;
    private readonly HashSet<int> _permanent = [];

    public SoakQueue(SoakOptions options)
    {
        _options = options;
        var count = Permanent(options);
        for (var k = 0; k < count; k++)
        {
            // Evenly spread, moved on past any task that already fails once.
            var index = (int)((k + 0.5) * options.Tasks / count);
            while (IsTransient(index) || _permanent.Contains(index)) index = (index + 1) % options.Tasks;
            _permanent.Add(index);
        }
    }

    /// <summary>How many tasks fail once: the share of <see cref="SoakOptions.FailTransient"/>, rounded.</summary>
    public static int Transient(SoakOptions options) => (int)Math.Round(options.Tasks * options.FailTransient);

    public static int Permanent(SoakOptions options) => options.FailPermanent;

    public SoakTaskKind KindOf(int index) =>
        _permanent.Contains(index) ? SoakTaskKind.FailsForGood : IsTransient(index) ? SoakTaskKind.FailsOnce : SoakTaskKind.Succeeds;

    /// <summary>Writes the queue file.</summary>
    public void Write(string path) =>
        BenchQueues.WriteMarkdown(path, QueueShape.Independent, _options.Tasks, index => KindOf(index) switch
        {
            SoakTaskKind.FailsOnce => "- run: `test \"$TASKMASTER_ATTEMPT\" -gt 1 || exit 75`\n- retries: 2\n- retry-backoff: 100ms\n",
            SoakTaskKind.FailsForGood => "- run: `exit 3`\n",
            _ => "- run: `true`\n",
        }, $"{_options.Tasks} short tasks for the soak: {Transient(_options)} fail once (exit 75) and succeed on the retry, {Permanent(_options)} fail for good (exit 3)");

    // The i-th task is one of the Transient(options) spread evenly over the queue (Bresenham's steps).
    private bool IsTransient(int index)
    {
        long count = Transient(_options);
        return (index + 1L) * count / _options.Tasks > index * count / _options.Tasks;
    }
}
