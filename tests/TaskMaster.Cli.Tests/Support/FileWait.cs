namespace TaskMaster.Cli.Tests.Support;

/// <summary>
/// Awaits a file reaching a condition (a task wrote what it writes), woken by the file system's
/// change notifications, with a timeout: never a fixed sleep.
/// </summary>
internal static class FileWait
{
    public static async Task UntilAsync(string path, Func<string, bool> condition)
    {
        // A file whose folder does not exist yet is watched from the nearest folder that does.
        var folder = Path.GetDirectoryName(path)!;
        var watched = folder;
        while (!Directory.Exists(watched)) watched = Path.GetDirectoryName(watched)!;
        using var watcher = watched == folder
            ? new FileSystemWatcher(folder, Path.GetFileName(path)) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName }
            : new FileSystemWatcher(watched)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.DirectoryName,
            };
        var changed = new SemaphoreSlim(0);
        watcher.Changed += (_, _) => changed.Release();
        watcher.Created += (_, _) => changed.Release();
        watcher.EnableRaisingEvents = true;
        var deadline = DateTime.UtcNow + CliProcess.DefaultTimeout;
        while (!Holds(path, condition))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"{path} never met the condition; it holds: {Read(path)}");
            // The notification may race the check; the short bound re-checks without relying on it.
            await changed.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    private static bool Holds(string path, Func<string, bool> condition) => condition(Read(path));

    private static string Read(string path)
    {
        try { return File.Exists(path) ? File.ReadAllText(path) : ""; }
        catch (IOException) { return ""; }
    }
}
