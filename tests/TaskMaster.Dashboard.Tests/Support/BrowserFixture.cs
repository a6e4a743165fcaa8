using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(TaskMaster.Dashboard.Tests.Support.BrowserFixture))]

// These tests time what a user sees (one second at most); runs and browsers competing for two
// cores would measure the machine, not the dashboard.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]

namespace TaskMaster.Dashboard.Tests.Support;

/// <summary>
/// One headless Chromium for every test: the system's own (<c>/usr/bin/chromium</c>, from apt),
/// never a browser Playwright downloads.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"The dashboard tests need Chromium at {ChromiumPath}: apt-get install -y --no-install-recommends chromium");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = Args });
    }

    /// <summary>A fresh tab (own session storage) on <paramref name="url"/>, with the page's script errors collected.</summary>
    public async Task<DashboardPage> OpenAsync(string url)
    {
        var dashboard = await OpenBlankAsync();
        await dashboard.Page.GotoAsync(url);
        return dashboard;
    }

    /// <summary>A fresh tab on nothing yet, for a test that watches what the page asks for from its first request.</summary>
    public async Task<DashboardPage> OpenBlankAsync()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        return new DashboardPage(context, await context.NewPageAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
