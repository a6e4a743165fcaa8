using Spectre.Console;
using TaskMaster.Core.State;

namespace TaskMaster.Cli.Output;

/// <summary>
/// The interactive terminal view (Spectre.Console): an overall bar with done/remaining and ETA, and
/// a bar per running task driven by its <c>::progress</c> lines. Finished tasks disappear from it.
/// </summary>
internal static class LiveRunView
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Shows the run until it ends and returns its result. The view must never take the run down:
    /// if the terminal cannot be drawn on, the run goes on without it.
    /// </summary>
    public static async Task<T> ShowWhile<T>(IAnsiConsole console, RunViewModel model, Task<T> run)
    {
        try
        {
            return await Show(console, model, run).ConfigureAwait(false);
        }
        catch (Exception) when (!run.IsCompleted || run.IsCompletedSuccessfully)
        {
            return await run.ConfigureAwait(false);
        }
    }

    private static Task<T> Show<T>(IAnsiConsole console, RunViewModel model, Task<T> run) =>
        console.Progress()
            .AutoClear(false)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(),
                new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var overall = context.AddTask("starting…", maxValue: 100);
                var bars = new Dictionary<(string, int), ProgressTask>();
                while (!run.IsCompleted)
                {
                    Render(context, overall, bars, model.Snapshot());
                    await Task.WhenAny(run, Task.Delay(Refresh)).ConfigureAwait(false);
                }
                Render(context, overall, bars, model.Snapshot());
                return await run.ConfigureAwait(false);
            });

    private static void Render(ProgressContext context, ProgressTask overall, Dictionary<(string, int), ProgressTask> bars, RunViewSnapshot view)
    {
        overall.Description = Markup.Escape(Headline(view));
        overall.Value = view.Percent;
        var live = new HashSet<(string, int)>();
        foreach (var task in view.Running)
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
            bar.Value = task.Percent;
        }
        foreach (var (key, bar) in bars.Where(b => !live.Contains(b.Key)).ToList())
        {
            bar.Value = bar.MaxValue;
            bar.StopTask();
            bars.Remove(key);
        }
    }

    internal static string Headline(RunViewSnapshot view)
    {
        var status = view.Status switch
        {
            RunStatus.Paused => $"PAUSED ({view.Reason}; Ctrl-C stops, state kept) ",
            RunStatus.Interrupted => "stopping ",
            _ => "",
        };
        var eta = view.Eta is { } e ? $", ETA {Durations.Short(e)}" : "";
        var problems = view.Failed + view.Blocked > 0 ? $", {view.Failed} failed, {view.Blocked} blocked" : "";
        var retrying = view.RetryWaiting > 0 ? $", {view.RetryWaiting} awaiting retry" : "";
        return $"{status}{view.Finished}/{view.Total} done, {view.Remaining} remaining{problems}{retrying}{eta}";
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
