using System.Runtime.InteropServices;

namespace TaskMaster.Worker;

/// <summary>POSIX signals: sending one to a whole process group, and naming them.</summary>
internal static partial class UnixSignals
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int SIGSTOP = 19;

    // Linux numbering; the ones a task is realistically killed by are the same on every Unix.
    private static readonly string[] Names =
    [
        "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
        "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
        "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
        "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    ];

    /// <summary>Sends <paramref name="signal"/> to every process in the group; false when none was signalled.</summary>
    public static bool SendToGroup(int processGroupId, int signal) =>
        processGroupId > 1 && Kill(-processGroupId, signal) == 0;

    /// <summary>Sends <paramref name="signal"/> to one process; false when it was not signalled.</summary>
    public static bool Send(int pid, int signal) => pid > 1 && Kill(pid, signal) == 0;

    /// <summary>
    /// The signal behind an exit code of 128+n, which is how both a shell and the .NET runtime
    /// report a child killed by signal n.
    /// </summary>
    public static bool TryFromExitCode(int exitCode, out int signal)
    {
        signal = exitCode - 128;
        if (signal is >= 1 and <= 64) return true;
        signal = 0;
        return false;
    }

    /// <summary><c>SIGKILL</c> for 9; <c>SIGRTMIN+n</c> or <c>signal n</c> past the classic ones.</summary>
    public static string Name(int signal) =>
        signal >= 1 && signal < Names.Length ? Names[signal]
        : signal is >= 34 and <= 64 ? $"SIGRTMIN+{signal - 34}"
        : $"signal {signal}";

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
