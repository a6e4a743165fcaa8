using System.Diagnostics;
using System.Globalization;
using System.Text;
using TaskMaster.Benchmarks.Durability;

namespace TaskMaster.Benchmarks.Process;

/// <summary>One <c>task-master execute --plain -jN</c> of a queue of <c>true</c> tasks, as a user runs it.</summary>
/// <param name="Wall">From starting the process until it has exited: start-up included.</param>
/// <param name="StartUp">From starting the process until its first task started (its first <c>started</c> line).</param>
/// <param name="Cpu">CPU time of the CLI and of every process it waited for (its tasks), and of this benchmark's reading of its output.</param>
/// <param name="PeakRssBytes">The CLI's peak resident memory (<c>VmHWM</c>), read while it runs.</param>
/// <param name="HomeBytes">The home's files after the run (their lengths, summed).</param>
/// <param name="OverBudget">Whether <c>MemoryOverBudget</c> fired during the run.</param>
internal sealed record CliRun(int Tasks, TimeSpan Wall, TimeSpan StartUp, TimeSpan Cpu, long PeakRssBytes, long HomeBytes, int HomeFiles, bool OverBudget)
{
    public TimeSpan WithoutStartUp => Wall - StartUp;

    public double CpuMillisecondsPerTask => Cpu.TotalMilliseconds / Tasks;

    /// <summary>Writes <paramref name="count"/> independent tasks running <c>true</c> to <paramref name="path"/>.</summary>
    public static void WriteQueue(string path, int count)
    {
        var text = new StringBuilder(count * 40);
        text.Append(CultureInfo.InvariantCulture, $"# Queue: true-{count}\n\n");
        for (var i = 0; i < count; i++) text.Append(CultureInfo.InvariantCulture, $"### t{i}: task {i}\n- run: `true`\n\n");
        File.WriteAllText(path, text.ToString());
    }

    /// <summary>Runs the queue at <paramref name="queuePath"/> in a fresh <paramref name="home"/> (left in place for the caller).</summary>
    public static async Task<CliRun> MeasureAsync(string dll, string queuePath, string home, int tasks, int concurrency)
    {
        CleanHeap.Collect();
        var cpu = ProcessTreeCpu.Read();
        using var cli = CliProcess.Start(dll, "execute", "--queue", queuePath, "--home", home, "--plain",
            "-j", concurrency.ToString(CultureInfo.InvariantCulture));
        using var peak = new PeakRss(cli.Id);
        var startUp = await cli.ReadUntilAsync(line => line.Contains("  started  ", StringComparison.Ordinal));
        var exitCode = await cli.WaitForExitAsync();
        var wall = cli.Elapsed;
        var used = ProcessTreeCpu.Read() - cpu;
        if (exitCode != 0) throw new InvalidOperationException($"task-master execute exited with {exitCode}");
        var files = Directory.EnumerateFiles(home, "*", SearchOption.AllDirectories).Select(f => new FileInfo(f).Length).ToList();
        var overBudget = Directory.EnumerateFiles(home, "alerts.jsonl", SearchOption.AllDirectories)
            .Any(f => File.ReadAllText(f).Contains("\"name\":\"MemoryOverBudget\"", StringComparison.Ordinal));
        return new CliRun(tasks, wall, startUp, used, peak.Bytes, files.Sum(), files.Count, overBudget);
    }

    /// <summary>Follows a process's <c>VmHWM</c> (a high-water mark: the last reading before it exits is its peak but for its last moments).</summary>
    private sealed class PeakRss : IDisposable
    {
        private readonly Timer _timer;
        private readonly string _status;
        private long _bytes;

        public PeakRss(int pid)
        {
            _status = $"/proc/{pid}/status";
            _timer = new Timer(_ => Read(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        }

        public long Bytes
        {
            get
            {
                _timer.Dispose();
                return Interlocked.Read(ref _bytes);
            }
        }

        private void Read()
        {
            try
            {
                var line = File.ReadLines(_status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                if (line is null) return;
                var kib = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                Interlocked.Exchange(ref _bytes, Math.Max(Interlocked.Read(ref _bytes), kib * 1024));
            }
            catch (IOException)
            {
                // The process has exited: the last reading stands.
            }
        }

        public void Dispose() => _timer.Dispose();
    }
}
