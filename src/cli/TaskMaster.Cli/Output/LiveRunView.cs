using Spectre.Console;
using Spectre.Console.Rendering;
using TaskMaster.Core.Display;
using TaskMaster.Core.ReadModel;

namespace TaskMaster.Cli.Output;

/// <summary>
/// The interactive terminal view (Spectre.Console): an overall bar with done/remaining and ETA, and
/// a bar per running task driven by its <c>::progress</c> lines, each with the time since its attempt
/// (or the run) started. Finished tasks disappear from it. It reads the run's <see cref="RunStatusModel"/>,
/// so the terminal, <c>task-master status</c> and the dashboard count, time and estimate alike.
/// </summary>
internal static class LiveRunView
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Shows the run until it ends and returns its result. The view must never take the run down:
    /// if the terminal cannot be drawn on, the run goes on without it.
    /// </summary>
    public static async Task<T> ShowWhile<T>(IAnsiConsole console, RunStatusModel model, Task<T> run, TimeProvider time)
    {
        try
        {
            return await Show(console, model, run, time).ConfigureAwait(false);
        }
        catch (Exception) when (!run.IsCompleted || run.IsCompletedSuccessfully)
        {
            return await run.ConfigureAwait(false);
        }
    }

    private static Task<T> Show<T>(IAnsiConsole console, RunStatusModel model, Task<T> run, TimeProvider time) =>
        console.Progress()
            .AutoClear(false)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(),
                new PercentageColumn(), new SinceStartColumn(time))
            .StartAsync(async context =>
            {
                var overall = context.AddTask("starting…", maxValue: 100);
                var bars = new Dictionary<(string, int), ProgressTask>();
                while (!run.IsCompleted)
                {
                    Render(context, overall, bars, model.Snapshot(detailed: false));
                    await Task.WhenAny(run, Task.Delay(Refresh)).ConfigureAwait(false);
                }
                Render(context, overall, bars, model.Snapshot(detailed: false));
                return await run.ConfigureAwait(false);
            });

    private static void Render(ProgressContext context, ProgressTask overall, Dictionary<(string, int), ProgressTask> bars, RunStatusReport? view)
    {
        // Null until the run's first event: the bar keeps saying "starting…".
        if (view is null) return;
        overall.Description = Markup.Escape(Headline(view));
        overall.Value = view.Progress.Percent;
        SinceStartColumn.Set(overall, view.StartedAt);
        var live = new HashSet<(string, int)>();
        foreach (var task in view.CurrentTasks)
        {
            var key = (task.Id, task.Attempt);
            live.Add(key);
            var attempt = task.Attempt > task.MaxAttempts ? $" (attempt {task.Attempt})"
                : task.MaxAttempts > 1 ? $" (attempt {task.Attempt}/{task.MaxAttempts})" : "";
            var message = task.Message is { Length: > 0 } m ? $" · {m}" : "";
            var description = "  " + Markup.Escape(Truncate($"{task.Id}{attempt}: {task.Title}{message}", 60));
            if (!bars.TryGetValue(key, out var bar))
                bars[key] = bar = context.AddTask(description, maxValue: 100);
            bar.Description = description;
            bar.Value = task.Progress;
            SinceStartColumn.Set(bar, task.StartedAt);
        }
        foreach (var (key, bar) in bars.Where(b => !live.Contains(b.Key)).ToList())
        {
            bar.Value = bar.MaxValue;
            bar.StopTask();
            bars.Remove(key);
        }
    }

    internal static string Headline(RunStatusReport view)
    {
        var status = view.State switch
        {
            RunPhase.Paused => $"PAUSED ({view.StateReason}; Ctrl-C stops, state kept) ",
            RunPhase.Stopped => "stopping ",
            RunPhase.Completed => "completed: ",
            RunPhase.Failed => "FAILED: ",
            _ => "",
        };
        var counts = view.TaskCounts;
        var running = counts.Running > 0 ? $", {counts.Running} running" : "";
        var retrying = counts.RetryWaiting > 0 ? $", {counts.RetryWaiting} awaiting retry" : "";
        var eta = view.EtaToShow() is { } seconds ? $", ETA {HumanDuration.Format(seconds)}" : "";
        return $"{status}{counts.Describe()}{running}{retrying}{eta}";
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>The time since the attempt (or, for the overall bar, the run) started, from the status: not since the bar appeared.</summary>
    private sealed class SinceStartColumn(TimeProvider time) : ProgressColumn
    {
        private const string Key = "started-unix-ms";

        public static void Set(ProgressTask bar, DateTimeOffset? startedAt)
        {
            if (startedAt is { } at) bar.State.Update<double>(Key, _ => at.ToUnixTimeMilliseconds());
        }

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            var started = task.State.Get<double>(Key);
            if (started <= 0) return new Text("");
            var elapsed = time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds((long)started);
            return new Text(HumanDuration.Format(elapsed), new Style(Color.Blue));
        }
    }
}
