using Microsoft.Playwright;

namespace TaskMaster.Dashboard.Tests.Support;

/// <summary>The dashboard in one browser tab, with the page's script errors collected.</summary>
public sealed class DashboardPage : IAsyncDisposable
{
    /// <summary>How long a change may take to reach the page: the PRD's one second.</summary>
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);

    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];

    public DashboardPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.PageError += (_, error) => { lock (_errors) _errors.Add(error); };
    }

    public IPage Page { get; }

    public IReadOnlyList<string> ScriptErrors { get { lock (_errors) return [.. _errors]; } }

    public ILocator TestId(string id) => Page.GetByTestId(id);

    /// <summary>The task table's row for a task.</summary>
    public ILocator Row(string taskId) => Page.Locator($"#tasks tr[data-task-id=\"{taskId}\"]");

    /// <summary>Completes when the task's row shows <paramref name="state"/> (whichever view is on screen: the table follows the run in any).</summary>
    public Task WaitForStateAsync(string taskId, string state, TimeSpan? timeout = null) =>
        Row(taskId).And(Page.Locator($"[data-state=\"{state}\"]"))
            .WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Ms(timeout ?? TimeSpan.FromSeconds(60)) });

    /// <summary>Opens a view by its tab, as a user clicks it, and waits until it is shown.</summary>
    public async Task ShowAsync(string view)
    {
        await TestId($"tab-{view}").ClickAsync();
        await Page.Locator($"#view-{view}").WaitForAsync(new() { State = WaitForSelectorState.Visible });
    }

    /// <summary>Opens a task's details from the Tasks view, as a user does.</summary>
    public async Task OpenTaskAsync(string taskId)
    {
        await ShowAsync("tasks");
        await Row(taskId).Locator("button.task-id").ClickAsync();
        await Assertions.Expect(TestId("details-title")).ToHaveAttributeAsync("data-task-id", taskId);
    }

    /// <summary>Completes when the live feed is connected.</summary>
    public Task WaitForLiveAsync() =>
        Page.Locator("[data-testid=connection][data-state=live]").WaitForAsync(new() { Timeout = Ms(TimeSpan.FromSeconds(30)) });

    /// <summary>Saves a screenshot where TASKMASTER_SCREENSHOTS points (the README's images), else beside the tests.</summary>
    public async Task ScreenshotAsync(string name, ILocator? of = null)
    {
        var folder = Environment.GetEnvironmentVariable("TASKMASTER_SCREENSHOTS") is { Length: > 0 } dir ? dir : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"dashboard-{name}.png");
        // Not hovering over what was last clicked: the picture shows the page, not the pointer.
        await Page.Mouse.MoveAsync(0, 0);
        if (of is null) await Page.ScreenshotAsync(new() { Path = path });
        else await of.ScreenshotAsync(new() { Path = path });
    }

    public static float Ms(TimeSpan span) => (float)span.TotalMilliseconds;

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
