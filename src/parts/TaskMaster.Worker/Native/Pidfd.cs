using System.Runtime.InteropServices;

namespace TaskMaster.Worker.Native;

/// <summary>
/// A pidfd: a handle on one process that stays bound to it even after its pid is reused, so a
/// signal sent through it can reach no other program. It becomes readable when the process ends.
/// </summary>
internal sealed unsafe class Pidfd : SafeHandle
{
    private Pidfd(int fd, int pid) : base(-1, ownsHandle: true)
    {
        SetHandle(fd);
        Pid = pid;
    }

    public int Pid { get; }

    public override bool IsInvalid => handle == -1;

    /// <summary>A handle on <paramref name="pid"/>, or null when no such process exists (any more).</summary>
    public static Pidfd? TryOpen(int pid)
    {
        if (pid <= 1) return null;
        var fd = LibC.PidfdOpen(pid, 0);
        return fd < 0 ? null : new Pidfd(fd, pid);
    }

    /// <summary>Sends <paramref name="signal"/>; false when the process has already ended.</summary>
    public bool Signal(int signal)
    {
        var added = false;
        try
        {
            DangerousAddRef(ref added);
            return LibC.PidfdSendSignal((int)handle, signal, null, 0) == 0;
        }
        finally
        {
            if (added) DangerousRelease();
        }
    }

    protected override bool ReleaseHandle() => LibC.Close((int)handle) == 0;
}
