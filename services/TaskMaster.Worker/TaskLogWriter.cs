using System.Text;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Storage;

namespace TaskMaster.Worker;

/// <summary>
/// Appends one attempt to a task's log file: a header, its stdout lines, its stderr lines prefixed
/// <c>[stderr] </c>, and a footer with the outcome. Every attempt of a task shares one file.
/// Thread-safe: stdout and stderr are written from two readers.
/// </summary>
internal sealed class TaskLogWriter : IDisposable
{
    /// <summary>What marks a stderr line in the log.</summary>
    public const string StderrPrefix = TaskLogFormat.StderrPrefix;

    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    private TaskLogWriter(StreamWriter writer) => _writer = writer;

    /// <summary>Opens the log for appending, creating it and its folder when needed.</summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static TaskLogWriter Open(string path)
    {
        PrivateFiles.CreateParentOf(path);
        // Readers (a dashboard tailing the log) may have it open at the same time.
        var stream = PrivateFiles.Open(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        return new TaskLogWriter(new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)));
    }

    public void WriteHeader(int attempt, DateTimeOffset at) => WriteEntry(null, TaskLogFormat.Header(attempt, at));

    public void WriteFooter(int attempt, DateTimeOffset at, string outcome) => WriteEntry(null, TaskLogFormat.Footer(attempt, at, outcome));

    public void WriteStdout(string line) => WriteEntry(null, line);

    public void WriteStderr(string line) => WriteEntry(StderrPrefix, line);

    /// <summary>Closes the file. A failure to flush is not thrown again: the write that failed already was.</summary>
    public void Dispose()
    {
        try
        {
            _writer.Dispose();
        }
        catch (IOException)
        {
        }
    }

    private void WriteEntry(string? prefix, string line)
    {
        lock (_gate)
        {
            if (prefix is not null) _writer.Write(prefix);
            _writer.WriteLine(line);
            // Flushed per line so that the log can be followed live and a full disk surfaces here.
            _writer.Flush();
        }
    }
}
