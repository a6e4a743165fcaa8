using System.Text.Json;

namespace TaskMaster.Benchmarks.Soak;

/// <summary>Everything one soak recorded (<see cref="SoakRun"/>); its figures are <see cref="SoakFigures"/>.</summary>
/// <param name="ExpectedTransient">Tasks of the queue that fail once (<see cref="SoakQueue.Transient"/>).</param>
/// <param name="End">From starting the executor to its exit.</param>
/// <param name="Tenths">When the first task started ([0]), and when each tenth of the tasks had finished ([1] to [10]), from the executor's start.</param>
/// <param name="Succeeded">Tasks the executor printed as succeeded.</param>
/// <param name="FailedForGood">Tasks the executor printed as failed with no retry left.</param>
/// <param name="FeedUpdates">Updates the dashboard's feed client read, from its hello to the feed's end.</param>
/// <param name="FeedProblem">Why the feed client did not read the feed to its end; null when it did.</param>
internal sealed record SoakRecording(
    SoakOptions Options, int ExpectedTransient, string LoadAtStart, string LoadAtEnd, int ExitCode, TimeSpan End,
    IReadOnlyList<TimeSpan> Tenths, IReadOnlyList<MemorySample> Memory, long PeakRssBytes, IReadOnlyList<DaySample> Days,
    int Succeeded, int FailedForGood, int FeedUpdates, int FeedResyncs, string? FeedProblem, SoakReportFigures Report);

/// <summary>The executor's resident memory (<c>VmRSS</c>) when <paramref name="Finished"/> tasks had finished.</summary>
internal readonly record struct MemorySample(TimeSpan At, int Finished, long RssBytes);

/// <summary>A simulated day's end: the home before and after that day's <c>maintenance</c>.</summary>
/// <param name="Retain">Maintenance's <c>--archive-older-than</c> and <c>--monitor-retain</c>: the day's wall time.</param>
/// <param name="MaintenanceSaid">What maintenance printed.</param>
internal sealed record DaySample(
    int Day, TimeSpan At, int Finished, TimeSpan Retain, HomeDisk Before, HomeDisk After, int MaintenanceExit, string MaintenanceSaid, TimeSpan MaintenanceTook);

/// <summary>What <c>task-master report --format json</c> says of the run (docs/monitoring-history.md).</summary>
internal sealed record SoakReportFigures(
    string State, int Total, int Succeeded, int Failed, int Attempts, int FailedAttempts,
    int TransientFailures, int Recovered, double? RecoveryRate, double AutonomyScore, int OperatorActions, int Finished,
    long? MemoryBytesMax, int? Samples)
{
    public static SoakReportFigures Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var counts = root.GetProperty("counts");
        var recovery = root.GetProperty("recovery");
        var autonomy = root.GetProperty("autonomy");
        var resources = root.GetProperty("resources");
        var hasResources = resources.ValueKind == JsonValueKind.Object;
        return new SoakReportFigures(
            root.GetProperty("state").GetString() ?? "",
            counts.GetProperty("total").GetInt32(), counts.GetProperty("succeeded").GetInt32(), counts.GetProperty("failed").GetInt32(),
            counts.GetProperty("attempts").GetInt32(), counts.GetProperty("failed_attempts").GetInt32(),
            recovery.GetProperty("transient_failures").GetInt32(), recovery.GetProperty("recovered").GetInt32(),
            recovery.GetProperty("recovery_rate").ValueKind == JsonValueKind.Number ? recovery.GetProperty("recovery_rate").GetDouble() : null,
            autonomy.GetProperty("score").GetDouble(), autonomy.GetProperty("operator_actions").GetInt32(), autonomy.GetProperty("finished").GetInt32(),
            hasResources ? resources.GetProperty("memory_bytes_max").GetInt64() : null,
            hasResources ? resources.GetProperty("samples").GetInt32() : null);
    }
}
