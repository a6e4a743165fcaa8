using Microsoft.Extensions.Logging;

namespace TaskMaster.IntegrationTests.Messaging;

/// <summary>Logs of the parts under test, one line each in a file, so a failure can quote them.</summary>
public sealed class FileLog(string path) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public string Path { get; } = path;

    public ILoggerFactory Factory() => LoggerFactory.Create(builder => builder.AddProvider(this).SetMinimumLevel(LogLevel.Debug));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>The last lines written.</summary>
    public string Tail(int lines = 60)
    {
        lock (_gate) return File.Exists(Path) ? string.Join(Environment.NewLine, File.ReadLines(Path).TakeLast(lines)) : "(no log)";
    }

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        lock (_gate) File.AppendAllText(Path, line + Environment.NewLine);
    }

    private sealed class Logger(FileLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Write($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
    }
}
