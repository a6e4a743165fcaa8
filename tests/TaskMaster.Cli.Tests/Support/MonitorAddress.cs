using System.Text.RegularExpressions;

namespace TaskMaster.Cli.Tests.Support;

/// <summary>The monitor an executor started with <c>--monitor --monitor-port 0</c> serves, as its first lines name it.</summary>
internal static partial class MonitorAddress
{
    /// <summary>An HTTP client for the monitor of <paramref name="executor"/>, once it has printed where it is.</summary>
    public static async Task<HttpClient> ClientAsync(CliProcess executor)
    {
        await executor.WaitForOutputAsync("Dashboard: ");
        var url = Dashboard().Match(executor.Output);
        Assert.True(url.Success, executor.Output);
        return new HttpClient { BaseAddress = new Uri(url.Groups["base"].Value), Timeout = TimeSpan.FromSeconds(30) };
    }

    [GeneratedRegex(@"Dashboard: (?<base>http://127\.0\.0\.1:\d+/)#token=")]
    private static partial Regex Dashboard();
}
