using System.Globalization;
using TaskMaster.Benchmarks.Scale;
using TaskMaster.Core.Queue;

namespace TaskMaster.Benchmarks.Soak;

/// <summary>The <c>soak</c> command's options (<see cref="Help"/>), checked as they are read.</summary>
/// <param name="FailTransient">The share of tasks (0–1) whose first attempt fails transiently (exit 75) and whose retry succeeds.</param>
/// <param name="FailPermanent">How many tasks fail for good (exit 3, not retried).</param>
/// <param name="Maintenance">False: no <c>task-master maintenance</c> beside the executor (the disk is still measured each day), to tell the executor's own slowdown from its neighbour's CPU.</param>
/// <param name="Keep">Leave the work folder (queue and home) in place and say where, to measure what runs on a big home afterwards.</param>
internal sealed record SoakOptions(int Tasks, int Days, double FailTransient, int FailPermanent, TimeSpan CheckpointEvery, int Concurrency, bool Json,
    bool Maintenance = true, bool Keep = false)
{
    public static SoakOptions Default { get; } = new(1_000_000, 7, 0.1, 10, TimeSpan.FromSeconds(5), 16, Json: false);

    public const string Help = """
        dotnet run -c Release --project bench/TaskMaster.Benchmarks -- soak [options]

        A compressed week of a busy queue through the real CLI: one `task-master execute --monitor` of
        short tasks with an SSE client following the dashboard's feed, checkpoints every few seconds,
        and `task-master maintenance` at every simulated day's end. Prints memory, disk, recovery,
        autonomy and throughput figures (docs/benchmarks.md, "soak").

          --tasks N             tasks in the week (1k, 20k, 1m or a number). Default: 1m.
          --days N              simulated days: maintenance runs each time tasks/days more have finished. Default: 7.
          --fail-transient X    share of tasks (0 to 1) whose first attempt exits 75 (transient) and whose retry succeeds. Default: 0.1.
          --fail-permanent N    tasks that exit 3 (permanent: not retried). Default: 10.
          --checkpoint-every D  the executor's --checkpoint-interval (500ms, 5s, 1m). Default: 5s.
          --concurrency N       the executor's -j. Default: 16.
          --maintenance M       daily (run `task-master maintenance` at each day's end) or off. Default: daily.
          --keep                leave the work folder (queue and home) in place and print its path.
          --json                print the figures as JSON instead of a table.
          --help                this text.
        """;

    /// <summary>The options of <paramref name="args"/> (after the command's name); an error names the option, what it got and what it expects.</summary>
    public static (SoakOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--json" or "--keep")
            {
                options = name == "--json" ? options with { Json = true } : options with { Keep = true };
                continue;
            }
            if (name is not ("--tasks" or "--days" or "--fail-transient" or "--fail-permanent" or "--checkpoint-every" or "--concurrency" or "--maintenance"))
                return (null, $"soak: unknown option '{name}'; expected --tasks, --days, --fail-transient, --fail-permanent, --checkpoint-every, --concurrency, --maintenance, --keep, --json or --help");
            if (i + 1 >= args.Count) return (null, $"soak: {name} needs a value");
            var value = args[++i];
            (SoakOptions? Next, string? Expected) parsed = name switch
            {
                "--tasks" => Size(value) is { } n and >= 1 ? (options with { Tasks = n }, null) : (null, "a size of at least 1 such as 20k or 1m"),
                "--days" => Whole(value) is { } d and >= 1 ? (options with { Days = d }, null) : (null, "a whole number of at least 1"),
                "--fail-transient" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1
                    ? (options with { FailTransient = share }, null) : (null, "a share from 0 to 1 such as 0.1"),
                "--fail-permanent" => Whole(value) is { } p and >= 0 ? (options with { FailPermanent = p }, null) : (null, "a whole number of at least 0"),
                "--checkpoint-every" => DurationFormat.TryParse(value, out var every) && every > TimeSpan.Zero
                    ? (options with { CheckpointEvery = every }, null) : (null, "a duration above 0 such as 500ms, 5s or 1m"),
                "--maintenance" => value is "daily" or "off" ? (options with { Maintenance = value == "daily" }, null) : (null, "daily or off"),
                _ => Whole(value) is { } c and >= 1 ? (options with { Concurrency = c }, null) : (null, "a whole number of at least 1"),
            };
            if (parsed.Next is null) return (null, $"soak: {name} '{value}' is not valid; expected {parsed.Expected}");
            options = parsed.Next;
        }
        if (options.Days > options.Tasks) return (null, $"soak: --days {options.Days} is more than --tasks {options.Tasks}; a day needs at least one task");
        if (SoakQueue.Permanent(options) + SoakQueue.Transient(options) > options.Tasks)
            return (null, $"soak: --fail-permanent {options.FailPermanent} and --fail-transient {options.FailTransient} together ask for more failing tasks than --tasks {options.Tasks}");
        return (options, null);
    }

    private static int? Size(string text)
    {
        try
        {
            return ScaleOptions.ParseSize(text);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            return null;
        }
    }

    private static int? Whole(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
