namespace TaskMaster.Testing.Servers;

/// <summary>Awaits a condition only a server can answer (a scrape, a query result) by asking it again, within a deadline.</summary>
public static class Probe
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>The first non-null answer of <paramref name="ask"/>; a TimeoutException naming <paramref name="what"/> and the server's logs after <paramref name="timeout"/>.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> ask, TimeSpan timeout, string what, Func<string>? logs = null)
        where T : class
    {
        using var deadline = new CancellationTokenSource(timeout);
        Exception? last = null;
        while (!deadline.IsCancellationRequested)
        {
            try
            {
                if (await ask() is { } answer)
                {
                    return answer;
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
            {
                last = e;
            }
            try
            {
                await Task.Delay(Interval, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        throw new TimeoutException($"not {what} within {timeout.TotalSeconds:0.#}s{(last is null ? "" : $" (last error: {last.Message})")}{Environment.NewLine}{logs?.Invoke()}");
    }
}
