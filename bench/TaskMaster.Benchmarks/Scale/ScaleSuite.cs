using System.Diagnostics;
using TaskMaster.Benchmarks.Durability;

namespace TaskMaster.Benchmarks.Scale;

/// <summary>
/// The <c>scale</c> suite: how the cost of a run grows with its size, through the real CLI. For each
/// size and shape a queue file is generated (<see cref="BenchQueues.WriteMarkdown"/>), then run as
/// <see cref="ScalePoint"/> runs it; sizes and shapes take turns within a repeat. Medians; each run
/// on stderr. See docs/benchmarks-scale.md.
/// </summary>
internal static class ScaleSuite
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = ScaleOptions.Parse(args);
        var work = Directory.CreateTempSubdirectory("tm-bench-scale-");
        try
        {
            var dll = await DurabilitySuite.BuildCliAsync();
            Console.Error.WriteLine($"at start: {MachineLoad.Describe()}");
            var points = options.Sizes.SelectMany(size => options.Shapes.Select(shape => (Size: size, Shape: shape))).ToArray();
            var queues = new Dictionary<(int, QueueShape), string>();
            foreach (var (size, shape) in points)
            {
                var path = Path.Combine(work.FullName, $"{shape}-{size}.md");
                BenchQueues.WriteMarkdown(path, shape, size);
                queues[(size, shape)] = path;
            }
            var one = Path.Combine(work.FullName, "one.md");
            BenchQueues.WriteMarkdown(one, QueueShape.Independent, 1);
            var home = Path.Combine(work.FullName, "home");
            var bases = new List<double>();
            var results = points.ToDictionary(p => p, _ => new List<ScaleResult>());
            var watch = Stopwatch.StartNew();
            for (var round = 0; round < options.Repeat; round++)
            {
                bases.Add(await ScalePoint.BaseAsync(dll, one, home));
                foreach (var point in points.Where(p => round < options.RepeatFor(p.Size)))
                {
                    var started = watch.Elapsed;
                    var result = await ScalePoint.RunAsync(dll, queues[point], point.Size, options.Concurrency, home);
                    results[point].Add(result);
                    Console.Error.WriteLine($"round {round + 1}: {point.Shape} {ScaleOptions.FormatSize(point.Size)}: {result} " +
                                            $"({(watch.Elapsed - started).TotalSeconds:0} s; {MachineLoad.Describe()})");
                }
            }
            Console.Error.WriteLine($"at end: {MachineLoad.Describe()}; {watch.Elapsed.TotalMinutes:0.0} min in all");
            ScaleReport.Print(options, (long)Stats.Median(bases), results.ToDictionary(r => r.Key, r => (IReadOnlyList<ScaleResult>)r.Value));
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
