using System.Diagnostics;
using System.Text.Json;
using TaskMaster.Core.Display;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Storage;
using TaskMaster.LocalHome;

namespace TaskMaster.Cli.Hosting;

/// <summary>
/// One executor per home. The lock is an exclusive flock on <c>executor.lock</c>: the kernel drops
/// it when its holder dies, however it dies, so a stale lock is never in the way. Who holds it is
/// written beside it in <c>executor.json</c>, for the message a second executor prints.
/// </summary>
internal sealed class HomeLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly HomeLayout _home;

    private HomeLock(FileStream lockStream, HomeLayout home)
    {
        _lock = lockStream;
        _home = home;
    }

    /// <summary>Takes the home, or returns null and why not (naming the owner).</summary>
    public static HomeLock? TryAcquire(HomeLayout home, out string? refusal)
    {
        PrivateFiles.CreateDirectory(home.Home);
        // A home made by an earlier version, or by hand, may be open to others: its logs and task
        // state can hold secrets, so it is made private before anything is written in it.
        if (PrivateFiles.Restrict(home.Home) is { } was)
            Console.Error.WriteLine($"note: {home.Home} was readable by others (mode {Convert.ToString((int)was, 8)}); it is now private to its owner (700)");
        FileStream stream;
        try
        {
            stream = PrivateFiles.Open(home.LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var owner = ExecutorInfo.TryRead(home);
            refusal = owner is null
                ? $"another executor is running on {home.Home} (it holds {home.LockFile})"
                : $"another executor is running on {home.Home}: pid {owner.Pid}, run {owner.RunId}, queue {owner.Queue}, since {ClockTime.Format(owner.StartedAt)}";
            return null;
        }
        refusal = null;
        return new HomeLock(stream, home);
    }

    /// <summary>Says who holds the home, for other commands and for a second executor's message.</summary>
    public void Announce(ExecutorInfo me) => me.Write(_home);

    public void Dispose()
    {
        try { File.Delete(_home.ExecutorInfoFile); }
        catch (IOException) { /* the next owner overwrites it */ }
        _lock.Dispose();
    }
}

/// <summary>What a running executor says about itself in <c>executor.json</c>.</summary>
internal sealed record ExecutorInfo(int Pid, string RunId, string Queue, DateTimeOffset StartedAt, string ControlSocket)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public void Write(HomeLayout home)
    {
        var temp = home.ExecutorInfoFile + ".tmp";
        PrivateFiles.WriteAllText(temp, JsonSerializer.Serialize(this, Json));
        File.Move(temp, home.ExecutorInfoFile, overwrite: true);
    }

    public static ExecutorInfo? TryRead(HomeLayout home)
    {
        try { return JsonSerializer.Deserialize<ExecutorInfo>(File.ReadAllText(home.ExecutorInfoFile), Json); }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>True while the executor that announced run <paramref name="runId"/> on the home still runs.</summary>
    public static bool Runs(HomeLayout home, string runId)
    {
        if (TryRead(home) is not { } info || info.RunId != runId) return false;
        try
        {
            using var process = Process.GetProcessById(info.Pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
