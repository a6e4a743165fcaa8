using Hangfire;
using Hangfire.InMemory;
using Hangfire.Logging;

namespace TaskMaster.Benchmarks.Dispatch;

/// <summary>
/// What .NET users reach for today: Hangfire on its in-memory storage. N no-op jobs are enqueued
/// through a <see cref="BackgroundJobClient"/> while a <see cref="BackgroundJobServer"/> runs them;
/// the clock runs from the first enqueue until the last job has executed.
/// </summary>
internal static class HangfireBaseline
{
    private static int s_executed;
    private static int s_expected;
    private static TaskCompletionSource s_allExecuted = new();

    /// <summary>Jobs per second, end to end (enqueue, fetch, perform, state changes).</summary>
    public static async Task<Throughput> RunAsync(int count, int workerCount)
    {
        // Hangfire logs every server start and stop through whatever logging library it finds.
        LogProvider.SetCurrentLogProvider(QuietLogProvider.Instance);
        // The set-up Hangfire's documentation recommends for new applications (compact payloads).
        GlobalConfiguration.Configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings();
        CleanHeap.Collect();
        using var storage = new InMemoryStorage(new InMemoryStorageOptions());
        var client = new BackgroundJobClient(storage);
        s_executed = 0;
        s_expected = count;
        s_allExecuted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new BackgroundJobServerOptions { WorkerCount = workerCount, ServerName = "bench" };
        using var server = new BackgroundJobServer(options, storage);

        var throughput = await Throughput.MeasureAsync(count, async () =>
        {
            for (var i = 0; i < count; i++) client.Enqueue(() => NoOpJob.Run());
            await s_allExecuted.Task.WaitAsync(TimeSpan.FromMinutes(5));
        });
        return throughput;
    }

    /// <summary>The job. Hangfire only invokes public methods.</summary>
    public static class NoOpJob
    {
        public static void Run()
        {
            if (Interlocked.Increment(ref s_executed) == s_expected) s_allExecuted.TrySetResult();
        }
    }

    private sealed class QuietLogProvider : ILogProvider, ILog
    {
        public static readonly QuietLogProvider Instance = new();

        public ILog GetLogger(string name) => this;

        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
