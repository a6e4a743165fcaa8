namespace TaskMaster.IntegrationTests.Messaging;

/// <summary>Waits for something a task or a process does outside the test (a file it writes, what it answers), with a timeout.</summary>
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
    public static Task ConditionAsync(Func<bool> condition, TimeSpan timeout, Func<string> context) =>
        ConditionAsync(() => Task.FromResult(condition()), timeout, "the condition", context);

    /// <summary>Asks <paramref name="holds"/> again until it says yes (a process's answer over HTTP).</summary>
    /// <param name="what">What is awaited, for the timeout's message; <paramref name="context"/> adds what was last seen.</param>
    public static async Task ConditionAsync(Func<Task<bool>> holds, TimeSpan timeout, string what, Func<string>? context = null)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (!await holds())
        {
            try
            {
                await Task.Delay(20, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{what}: not within {timeout.TotalSeconds:0}s{Environment.NewLine}{context?.Invoke()}");
            }
        }
    }
}
