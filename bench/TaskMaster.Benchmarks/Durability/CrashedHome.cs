using System.Globalization;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Benchmarks.Durability;

/// <summary>
/// A home left by <c>task-master execute</c> killed with SIGKILL part-way through a run: the start
/// checkpoint, the journal after it, and whatever was running. Each resume works on a fresh copy,
/// so every repeat resumes exactly the same crash.
/// </summary>
internal sealed record CrashedHome(string Home, int SucceededBeforeKill, TimeSpan RanFor)
{
    /// <summary>Runs the queue with the real CLI until <paramref name="succeeded"/> tasks have succeeded, then kills it.</summary>
    public static async Task<CrashedHome> CreateAsync(string dll, string queuePath, string home, int concurrency, int succeeded)
    {
        using var cli = CliProcess.Start(dll, "execute", "--queue", queuePath, "--home", home, "--plain",
            "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture));
        var seen = 0;
        var ranFor = await cli.ReadUntilAsync(line => line.Contains("  succeeded  ", StringComparison.Ordinal) && ++seen >= succeeded);
        await cli.KillAsync();
        ForgetRunningProcesses(home);
        return new CrashedHome(home, seen, ranFor);
    }

    /// <summary>A copy of the home as the crash left it, at <paramref name="destination"/>.</summary>
    public void CopyTo(string destination) => Copy(new DirectoryInfo(Home), destination, new HomeLayout(Home).ControlSocket);

    // The killed run's tasks were `true` and have exited. Its markers name their process groups, and a
    // resume kills any process now in those groups; with pid_max at 32768 here, ids come round again
    // within minutes, so a copy resumed later could kill another program's processes. Not risked.
    internal static void ForgetRunningProcesses(string home)
    {
        var layout = new HomeLayout(home);
        foreach (var runDirectory in Directory.EnumerateDirectories(layout.RunsDirectory))
        {
            var markers = Path.GetDirectoryName(layout.RunningMarker(Path.GetFileName(runDirectory), "x"))!;
            if (Directory.Exists(markers)) Directory.Delete(markers, recursive: true);
        }
    }

    /// <param name="socket">The dead executor's control socket: not a file to copy (the resume makes its own).</param>
    private static void Copy(DirectoryInfo source, string destination, string socket)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in source.EnumerateFiles().Where(f => f.FullName != socket))
            file.CopyTo(Path.Combine(destination, file.Name));
        foreach (var directory in source.EnumerateDirectories()) Copy(directory, Path.Combine(destination, directory.Name), socket);
    }
}
