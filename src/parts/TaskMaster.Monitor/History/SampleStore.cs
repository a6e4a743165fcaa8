using System.Text;
using System.Text.Json;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Storage;
using TaskMaster.LocalHome;

namespace TaskMaster.Monitor.History;

/// <summary>
/// A run's samples on disk (<see cref="MonitoringLayout.SamplesFile"/>): appended one compact line
/// at a time, compacted by <see cref="SampleDownsampler"/> once an hour of samples has been added,
/// read back whole (a resumed run continues the same file). Not thread-safe: one sampler writes.
/// </summary>
public sealed class SampleStore(HomeLayout home, string runId)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private long _lastCompactedMs = -1;

    public string Path { get; } = MonitoringLayout.SamplesFile(home, runId);

    public void Append(HistorySample sample)
    {
        PrivateFiles.CreateParentOf(Path);
        var line = JsonSerializer.Serialize(sample, InsightsJson.Options) + "\n";
        PrivateFiles.AppendAllText(Path, line);
        if (_lastCompactedMs < 0) _lastCompactedMs = sample.TMs;
        else if (sample.TMs - _lastCompactedMs >= (long)SampleDownsampler.FullResolution.TotalMilliseconds)
        {
            Compact(sample.TMs);
            _lastCompactedMs = sample.TMs;
        }
    }

    /// <summary>Every sample kept, oldest first; an unreadable line (a torn last write) is skipped.</summary>
    public IReadOnlyList<HistorySample> ReadAll() => Read(Path);

    public static IReadOnlyList<HistorySample> Read(string path)
    {
        if (!File.Exists(path)) return [];
        var samples = new List<HistorySample>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0) continue;
            try
            {
                if (JsonSerializer.Deserialize<HistorySample>(line, InsightsJson.Options) is { } sample) samples.Add(sample);
            }
            catch (JsonException)
            {
                // A line a crash cut short; the others stand.
            }
        }
        return samples;
    }

    /// <summary>Rewrites the file downsampled (to a temporary file, then renamed over it).</summary>
    public void Compact(long nowMs)
    {
        var kept = SampleDownsampler.Downsample(ReadAll(), nowMs);
        var temporary = Path + ".tmp";
        using (var writer = new StreamWriter(PrivateFiles.Open(temporary, FileMode.Create, FileAccess.Write, FileShare.None), Utf8))
        {
            foreach (var sample in kept) writer.Write(JsonSerializer.Serialize(sample, InsightsJson.Options) + "\n");
        }
        File.Move(temporary, Path, overwrite: true);
    }
}
