using System.Runtime.InteropServices;

namespace TaskMaster.Worker.Native;

/// <summary>
/// The one place the executor waits for processes: a thread polling pidfds. A task's shell is our
/// child: its exit status is collected through its own pidfd (<c>waitid(P_PIDFD)</c>), never with
/// <c>waitpid(-1)</c>, so the .NET runtime's children (it reaps those itself, by pid) are never taken
/// from it. Other processes (a task's descendants) are only watched until they end. Orphans the
/// executor adopts as child subreaper are reaped by <see cref="ReapOrphans"/>.
/// </summary>
/// <remarks>
/// If the executor was started with SIGCHLD ignored, the runtime reaps every child itself and a
/// shell's status is lost: its wait then fails with <see cref="InvalidOperationException"/>.
/// </remarks>
internal sealed unsafe class ChildReaper
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Pidfd, Watch> _watches = [];
    private readonly Dictionary<int, Watch> _shells = [];
    private readonly int _wake;
    private readonly int _ownSession = LibC.GetSid(0);
    private int _spawning;

    private ChildReaper()
    {
        _wake = LibC.EventFd(0, LibC.O_CLOEXEC | LibC.O_NONBLOCK);
        if (_wake < 0) throw new InvalidOperationException($"eventfd failed (errno {Marshal.GetLastPInvokeError()})");
        new Thread(Loop) { IsBackground = true, Name = "TaskMaster process reaper" }.Start();
    }

    public static ChildReaper Shared { get; } = new();

    /// <summary>
    /// Marks a spawn in progress until disposed: a shell that has just started but is not yet
    /// registered must not be mistaken for an orphan.
    /// </summary>
    public SpawnWindow BeginSpawn()
    {
        Interlocked.Increment(ref _spawning);
        return new SpawnWindow(this);
    }

    /// <summary>
    /// Completes with the exit code of our child (128+n when signal n killed it) once it has ended,
    /// and reaps it. <paramref name="adopt"/> is called with its pid first, the shell already known
    /// to <see cref="WhileUnreaped"/> (an action it hands to another thread finds it there, however
    /// soon that thread runs) and not yet watched, so not reaped (the pid is still the shell's).
    /// </summary>
    public Task<int> ReapAsync(Pidfd child, Action<int> adopt)
    {
        var watch = new Watch(reap: true, child.Pid);
        lock (_gate) _shells[child.Pid] = watch;
        Task<int> ended;
        try
        {
            adopt(child.Pid);
        }
        finally
        {
            // Watched whatever adopt did: the shell is reaped in any case.
            ended = Add(child, watch);
        }
        return ended;
    }

    /// <summary>
    /// Runs <paramref name="action"/> while <paramref name="pid"/> is a task shell not yet reaped, and
    /// holds its reaping off meanwhile: until then the pid cannot name another process. False when
    /// the shell has been reaped already (nothing was run).
    /// </summary>
    public bool WhileUnreaped(int pid, Action action)
    {
        Watch? watch;
        lock (_gate) _shells.TryGetValue(pid, out watch);
        if (watch is null || Interlocked.CompareExchange(ref watch.State, Watch.Held, Watch.Free) != Watch.Free) return false;
        try
        {
            action();
        }
        finally
        {
            // Ended meanwhile: its exit was told at once, its reaping was left to us.
            if (Interlocked.CompareExchange(ref watch.State, Watch.Free, Watch.Held) == Watch.HeldReapPending) Reap(watch);
        }
        return true;
    }

    /// <summary>Whether <paramref name="pid"/> is a task shell being watched (not an orphan, whatever its session).</summary>
    public bool IsShell(int pid)
    {
        lock (_gate) return _shells.ContainsKey(pid);
    }

    /// <summary>Completes when the process has ended (it may not be our child: nothing is reaped).</summary>
    public Task WhenEndedAsync(Pidfd process) => Add(process, new Watch(reap: false));

    /// <summary>
    /// Reaps the ended orphans the executor adopted: zombie children that are none of our task
    /// shells and not in our own session (the runtime's children stay in it).
    /// </summary>
    public void ReapOrphans()
    {
        // A shell started a moment ago may not be registered yet: leave zombies to the next sweep.
        if (Volatile.Read(ref _spawning) > 0) return;
        var self = Environment.ProcessId;
        Span<byte> info = stackalloc byte[LibC.SigInfoSize];
        // Orphans are handed to the subreaper's first live thread: the main thread, which lives as long as the process.
        foreach (var pid in ProcFiles.ThreadChildren(self, self))
        {
            if (IsShell(pid) || ProcFiles.Stat(pid) is not { Ended: true } stat || stat.Session == _ownSession) continue;
            fixed (byte* p = info) LibC.WaitId(LibC.P_PID, pid, p, LibC.WEXITED | LibC.WNOHANG);
        }
    }

    private Task<int> Add(Pidfd process, Watch watch)
    {
        var added = false;
        // The fd stays open while it is polled, even if its owner disposes the handle meanwhile.
        process.DangerousAddRef(ref added);
        lock (_gate) _watches.Add(process, watch);
        long one = 1;
        LibC.Write(_wake, &one, sizeof(long));
        return watch.Ended.Task;
    }

    private void Loop()
    {
        var polled = new List<(Pidfd Process, Watch Watch)>();
        while (true)
        {
            polled.Clear();
            lock (_gate)
                foreach (var (process, watch) in _watches) polled.Add((process, watch));
            var fds = new LibC.PollFd[polled.Count + 1];
            fds[0] = new LibC.PollFd { Fd = _wake, Events = LibC.POLLIN };
            for (var i = 0; i < polled.Count; i++)
                fds[i + 1] = new LibC.PollFd { Fd = (int)polled[i].Process.DangerousGetHandle(), Events = LibC.POLLIN };

            int ready;
            fixed (LibC.PollFd* p = fds) ready = LibC.Poll(p, (nuint)fds.Length, -1);
            if (ready < 0) continue; // EINTR
            if (fds[0].Revents != 0)
            {
                long count;
                LibC.Read(_wake, &count, sizeof(long));
            }
            for (var i = 0; i < polled.Count; i++)
                if (fds[i + 1].Revents != 0) Complete(polled[i].Process, polled[i].Watch);
        }
    }

    private void Complete(Pidfd process, Watch watch)
    {
        lock (_gate) _watches.Remove(process);
        if (watch.Reap)
        {
            // The status is read without reaping, so that the attempt learns of the exit at once even
            // while WhileUnreaped holds the pid (a cgroup move can take milliseconds); otherwise the
            // shell is reaped first, and its cgroup is empty by the time the attempt ends.
            var exit = Collect(process);
            while (true)
            {
                if (Interlocked.CompareExchange(ref watch.State, Watch.Reaped, Watch.Free) == Watch.Free)
                {
                    Reap(watch);
                    break;
                }
                if (Interlocked.CompareExchange(ref watch.State, Watch.HeldReapPending, Watch.Held) == Watch.Held) break;
            }
            if (exit is { } code) watch.Ended.TrySetResult(code);
            else watch.Ended.TrySetException(new InvalidOperationException(
                $"the exit status of process {process.Pid} was collected elsewhere (was the executor started with SIGCHLD ignored?)"));
        }
        else
        {
            watch.Ended.TrySetResult(0);
        }
        process.DangerousRelease();
    }

    /// <summary>Reaps an ended shell (it is our zombie child: its pid cannot have been reused) and forgets it.</summary>
    private void Reap(Watch watch)
    {
        Volatile.Write(ref watch.State, Watch.Reaped);
        Span<byte> info = stackalloc byte[LibC.SigInfoSize];
        fixed (byte* p = info)
            while (LibC.WaitId(LibC.P_PID, watch.Pid, p, LibC.WEXITED) < 0 && Marshal.GetLastPInvokeError() == LibC.EINTR) { }
        lock (_gate) _shells.Remove(watch.Pid);
    }

    /// <summary>The exit status, read without reaping (WNOWAIT).</summary>
    private static int? Collect(Pidfd child)
    {
        Span<byte> info = stackalloc byte[LibC.SigInfoSize];
        info.Clear();
        int result;
        fixed (byte* p = info)
        {
            do result = LibC.WaitId(LibC.P_PIDFD, (int)child.DangerousGetHandle(), p, LibC.WEXITED | LibC.WNOWAIT);
            while (result < 0 && Marshal.GetLastPInvokeError() == LibC.EINTR);
        }
        if (result < 0) return null;
        // siginfo_t for SIGCHLD: si_code at 8, si_status at 24 (the same on every 64-bit Linux).
        var code = MemoryMarshal.Read<int>(info[8..]);
        var status = MemoryMarshal.Read<int>(info[24..]);
        return code == LibC.CLD_EXITED ? status : 128 + status;
    }

    private sealed class Watch(bool reap, int pid = 0)
    {
        // A shell's life as WhileUnreaped and its end see it: free, held by an action (its pid must
        // stay its own), held with its reaping left to the holder, reaped.
        public const int Free = 0, Held = 1, HeldReapPending = 2, Reaped = 3;

        public int State;

        public bool Reap { get; } = reap;

        public int Pid { get; } = pid;

        public TaskCompletionSource<int> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Ends a spawn window.</summary>
    public readonly struct SpawnWindow(ChildReaper reaper) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref reaper._spawning);
    }
}
