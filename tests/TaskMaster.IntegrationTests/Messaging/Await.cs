namespace TaskMaster.IntegrationTests.Messaging;

/// <summary>Waits for something a task or a process does outside the test (a file it writes), with a timeout.</summary>
public static class Await
{
    public static async Task FileAsync(string path, TimeSpan timeout, Func<string>? context = null)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (!File.Exists(path))
        {
            try
            {
                await Task.Delay(20, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{path} did not appear within {timeout.TotalSeconds:0}s{Environment.NewLine}{context?.Invoke()}");
            }
        }
    }

    /// <summary>Completes once <paramref name="condition"/> holds (it is asked every 20 ms), or throws past <paramref name="timeout"/>.</summary>
    public static async Task ConditionAsync(Func<bool> condition, TimeSpan timeout, Func<string> context)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (!condition())
        {
            try
            {
                await Task.Delay(20, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"not so within {timeout.TotalSeconds:0}s: {context()}");
            }
        }
    }
}
