using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Monitor.Tests.Support;

/// <summary>A fresh TaskMaster home in the temporary folder, deleted afterwards.</summary>
internal sealed class TempHome : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "taskmaster-monitor-tests", Guid.NewGuid().ToString("n"));

    public TempHome() => Directory.CreateDirectory(Root);

    public HomeLayout Layout => new(Path.Combine(Root, ".home"));

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { /* a process of a test may still hold a file; the temporary folder is cleaned anyway */ }
    }
}
