using System.ComponentModel;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TaskMaster.Worker.Native;

/// <summary>A shell just started: its pid, a pidfd on it, its exit code to come, and the read ends of its stdout and stderr.</summary>
internal sealed record SpawnedShell(int Pid, Pidfd Pidfd, Task<int> Exited, Stream Stdout, Stream Stderr);

/// <summary>
/// Starts <c>shell -c text</c> with one <c>posix_spawn</c> (glibc's clone + exec, no second exec):
/// the leader of a new session and process group (POSIX_SPAWN_SETSID), every signal at its default
/// disposition (SETSIGDEF over all signals: an executor that ignores SIGPIPE, or SIGINT and SIGQUIT
/// as a background job does, must not pass that on), an empty signal mask, stdin on /dev/null,
/// stdout and stderr on pipes, in the working directory, with exactly the environment given.
/// </summary>
internal static unsafe class ShellSpawner
{
    /// <param name="adopt">
    /// Called with the pid the moment the shell runs and its reaping is registered, before anything
    /// else (to move it into a cgroup: the mover finds it known to <see cref="ChildReaper.WhileUnreaped"/>).
    /// </param>
    /// <exception cref="Win32Exception">The shell could not be started; the message says why.</exception>
    /// <exception cref="ArgumentException">An argument or variable holds a NUL character.</exception>
    public static SpawnedShell Spawn(string shell, string commandText, string workingDirectory, IReadOnlyList<string> environment, Action<int> adopt)
    {
        using var strings = new NativeStrings([shell, "-c", commandText, workingDirectory, "/dev/null", .. environment], arrays: 2, arrayItems: 3 + environment.Count);
        var path = strings.Add(shell);
        var argv = strings.AddArray([shell, "-c", commandText]);
        var envp = strings.AddArray(environment);
        var directory = strings.Add(workingDirectory);
        var devNull = strings.Add("/dev/null");

        // O_CLOEXEC: another task spawned at the same moment from another thread must not inherit
        // these ends; dup2 onto 1 and 2 clears the flag for this child alone.
        int* stdoutPipe = stackalloc int[2];
        int* stderrPipe = stackalloc int[2];
        if (LibC.Pipe2(stdoutPipe, LibC.O_CLOEXEC) != 0) throw new Win32Exception(Marshal.GetLastPInvokeError(), "could not create a pipe");
        if (LibC.Pipe2(stderrPipe, LibC.O_CLOEXEC) != 0)
        {
            var pipeError = Marshal.GetLastPInvokeError();
            CloseAll(stdoutPipe[0], stdoutPipe[1]);
            throw new Win32Exception(pipeError, "could not create a pipe");
        }

        byte* actions = stackalloc byte[LibC.FileActionsSize];
        byte* attributes = stackalloc byte[LibC.SpawnAttrSize];
        byte* defaults = stackalloc byte[LibC.SigSetSize];
        byte* mask = stackalloc byte[LibC.SigSetSize];
        int pid = 0, error;
        Pidfd? pidfd = null;
        Task<int>? exited = null;
        try
        {
            // These only fill in memory (ENOMEM at worst), but a half-prepared spawn must not run.
            Check(LibC.FileActionsInit(actions));
            Check(LibC.SpawnAttrInit(attributes));
            Check(LibC.FileActionsAddChdir(actions, directory));
            Check(LibC.FileActionsAddOpen(actions, 0, devNull, LibC.O_RDONLY, 0));
            Check(LibC.FileActionsAddDup2(actions, stdoutPipe[1], 1));
            Check(LibC.FileActionsAddDup2(actions, stderrPipe[1], 2));
            // Every signal, glibc's own two (32, 33) included: sigfillset leaves those out, and the child
            // would keep them ignored. The bits are set directly, as sigaddset refuses them.
            new Span<byte>(defaults, LibC.SigSetSize).Clear();
            new Span<byte>(defaults, 8).Fill(0xFF);
            Check(LibC.SigEmptySet(mask));
            Check(LibC.SpawnAttrSetSigDefault(attributes, defaults));
            Check(LibC.SpawnAttrSetSigMask(attributes, mask));
            Check(LibC.SpawnAttrSetFlags(attributes, LibC.POSIX_SPAWN_SETSID | LibC.POSIX_SPAWN_SETSIGDEF | LibC.POSIX_SPAWN_SETSIGMASK));
            // Until its reaping is registered, a shell that ends at once must not be taken for an orphan.
            using (ChildReaper.Shared.BeginSpawn())
            {
                // glibc's posix_spawn returns once the child has exec'd (or failed to: then the error is the child's).
                error = LibC.PosixSpawn(out pid, path, actions, attributes, argv, envp);
                if (error == 0)
                {
                    // Nobody else reaps our children (see ChildReaper), so the pid cannot have been reused yet.
                    pidfd = Pidfd.TryOpen(pid);
                    // Adopted once registered: a move handed to the mover's thread before would find the
                    // shell unknown to the reaper, and be dropped (the shell never in its cgroup).
                    if (pidfd is not null) exited = ChildReaper.Shared.ReapAsync(pidfd, adopt);
                }
            }
        }
        catch
        {
            CloseAll(stdoutPipe[0], stderrPipe[0]);
            throw;
        }
        finally
        {
            _ = LibC.FileActionsDestroy(actions);
            _ = LibC.SpawnAttrDestroy(attributes);
            // The child holds its own copies of the write ends: ours would keep the pipes open forever.
            CloseAll(stdoutPipe[1], stderrPipe[1]);
        }
        if (error == 0 && pidfd is null)
        {
            // Unwatched, it could never be waited for or reliably signalled: it must not run at all.
            error = Marshal.GetLastPInvokeError();
            LibC.Kill(pid, UnixSignals.SIGKILL);
        }
        if (error != 0 || pidfd is null || exited is null)
        {
            CloseAll(stdoutPipe[0], stderrPipe[0]);
            var why = new Win32Exception(error).Message;
            throw new Win32Exception(error, pid == 0 ? $"could not start '{shell}': {why}" : $"could not watch the new shell {pid} (pidfd_open: {why})");
        }
        return new SpawnedShell(pid, pidfd, exited, ReadEnd(stdoutPipe[0]), ReadEnd(stderrPipe[0]));
    }

    // A pipe stream reads through the runtime's epoll loop, as Process's own redirected streams do:
    // no thread blocks on a task's output.
    private static AnonymousPipeClientStream ReadEnd(int fd) => new(PipeDirection.In, new SafePipeHandle(fd, ownsHandle: true));

    private static void Check(int result)
    {
        if (result != 0) throw new Win32Exception(result == -1 ? Marshal.GetLastPInvokeError() : result, "could not prepare the spawn of a task's shell");
    }

    private static void CloseAll(params ReadOnlySpan<int> fds)
    {
        foreach (var fd in fds) LibC.Close(fd);
    }
}
