namespace TaskMaster.Benchmarks.Cluster;

/// <summary>Awaits a file that a task writes (by a rename, so it is whole when it appears), without polling.</summary>
internal sealed class FileAppearance : IDisposable
{
    private readonly FileSystemWatcher _watcher;
    private readonly TaskCompletionSource _appeared = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _path;

    /// <summary>Watches from now on: make it before whatever writes the file is started.</summary>
    public FileAppearance(string folder, string name)
    {
        _path = Path.Combine(folder, name);
        _watcher = new FileSystemWatcher(folder, name) { NotifyFilter = NotifyFilters.FileName };
        _watcher.Created += (_, _) => _appeared.TrySetResult();
        _watcher.Renamed += (_, _) => _appeared.TrySetResult();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>The file's text once it is there.</summary>
    public async Task<string> WaitAsync(TimeSpan timeout)
    {
        if (!File.Exists(_path)) await _appeared.Task.WaitAsync(timeout);
        return await File.ReadAllTextAsync(_path);
    }

    public void Dispose() => _watcher.Dispose();
}
