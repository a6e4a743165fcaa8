using System.Globalization;
using Microsoft.Win32.SafeHandles;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Storage;
using TaskMaster.LocalHome;
using TaskMaster.Worker.Native;

namespace TaskMaster.Worker.Tracking;

/// <summary>
/// This executor's file of running attempts for one run (<see cref="RunningAttemptsFile"/>): a slot
/// per attempt, claimed before its shell is spawned and freed once its last process has ended. A
/// task's processes outlive an executor killed with SIGKILL; the next executor on the home reads
/// these files to kill exactly those (<see cref="LeftoverKiller"/>), and the monitor finds each
/// running task's process group in them. Thread-safe.
/// </summary>
internal sealed class AttemptSlots : IDisposable
{
    // Several executors may live in one process (tests, benchmarks): each has a file of its own.
    private static int s_instances;

    private readonly string _path;
    private readonly SafeFileHandle _file;
    private readonly Lock _gate = new();
    private readonly Stack<int> _free = new();
    private int _used;

    /// <summary>
    /// Whether the executor that wrote <paramref name="file"/> still runs: its name is
    /// <c>PID-STARTTIME-N</c>, and a pid names that process only with its start time (pids come round).
    /// A name of another shape counts as a dead executor's.
    /// </summary>
    public static bool WriterAlive(string file)
    {
        var parts = Path.GetFileNameWithoutExtension(file).Split('-');
        return parts.Length == 3 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var started)
            && ProcFiles.Stat(pid) is { Ended: false } stat && stat.StartTime == started;
    }

    private AttemptSlots(string path, SafeFileHandle file)
    {
        _path = path;
        _file = file;
    }

    /// <summary>Creates the file, owner-only, its folder too.</summary>
    /// <param name="cgroupFolder">The folder of the attempts' cgroups; null when they have none.</param>
    /// <exception cref="IOException">The file could not be written.</exception>
    public static AttemptSlots Create(HomeLayout home, string runId, string? cgroupFolder)
    {
        var directory = home.RunningDirectory(runId);
        PrivateFiles.CreateDirectory(directory);
        var self = ProcFiles.Stat(Environment.ProcessId)?.StartTime ?? 0;
        var name = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{self}-{Interlocked.Increment(ref s_instances)}{RunningAttemptsFile.Extension}");
        var path = Path.Combine(directory, name);
        var file = NativeFile.OpenOrCreate(path, truncate: true);
        try
        {
            RandomAccess.Write(file, RunningAttemptsFile.Header(cgroupFolder), 0);
        }
        catch
        {
            file.Dispose();
            throw;
        }
        return new AttemptSlots(path, file);
    }

    /// <summary>
    /// Records an attempt about to start (no process group yet), so that an executor killed at any
    /// moment after the spawn leaves its token behind: intent first, then the act.
    /// </summary>
    /// <exception cref="IOException">The record could not be written.</exception>
    public Slot Claim(string taskId, AttemptTracker tracker)
    {
        int index;
        lock (_gate) index = _free.TryPop(out var free) ? free : _used++;
        var slot = new Slot(this, index, taskId, tracker.Token);
        try
        {
            slot.Write(0, 0);
        }
        catch
        {
            Free(index);
            throw;
        }
        return slot;
    }

    /// <summary>Closes and removes the file: every attempt has ended.</summary>
    public void Dispose()
    {
        _file.Dispose();
        try { File.Delete(_path); }
        catch (IOException) { /* the next executor on the run removes it */ }
    }

    private void Write(int index, ReadOnlySpan<byte> record) => RandomAccess.Write(_file, record, RunningAttemptsFile.SlotOffset(index));

    private void Free(int index)
    {
        lock (_gate) _free.Push(index);
    }

    /// <summary>One attempt's slot: rewritten once its shell runs, freed when it ends.</summary>
    public sealed class Slot(AttemptSlots file, int index, string taskId, string token) : IDisposable
    {
        private bool _freed;

        /// <summary>Adds the shell's process group (its pid) and start time, in place.</summary>
        /// <exception cref="IOException">The record could not be written.</exception>
        public void Spawned(int shellPid, ulong shellStarted) => Write(shellPid, shellStarted);

        internal void Write(int group, ulong started)
        {
            Span<byte> record = stackalloc byte[RunningAttemptsFile.SlotSize];
            RunningAttemptsFile.WriteSlot(record, taskId, group, started, token);
            file.Write(index, record);
        }

        /// <summary>Clears the slot for the next attempt. A failure leaves it to the next executor, which checks every process before it kills anything.</summary>
        public void Dispose()
        {
            if (_freed) return;
            _freed = true;
            try
            {
                Span<byte> empty = stackalloc byte[RunningAttemptsFile.SlotSize];
                empty.Clear();
                file.Write(index, empty);
                file.Free(index);
            }
            catch (IOException)
            {
                // Not reused: it still names an attempt that has ended.
            }
        }
    }
}
