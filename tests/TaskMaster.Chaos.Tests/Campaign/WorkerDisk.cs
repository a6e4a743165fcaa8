using System.Diagnostics;

namespace TaskMaster.Chaos.Tests.Campaign;

/// <summary>
/// A worker's disk for its task logs and state files (<c>HOME/runs</c>): a tmpfs of <see cref="Size"/>
/// mounted there before the worker starts, filled to the last byte by a file of the campaign's to make it
/// full (writes fail with ENOSPC, as on a real full disk) and freed by deleting that file. Mounting needs
/// CAP_SYS_ADMIN (root here and in CI); neither <c>ulimit -f</c> (the worker would die of SIGXFSZ, or its
/// tasks could not append their records) nor a loop device (root as well) gives a full disk to one process
/// alone without it.
/// </summary>
public sealed class WorkerDisk
{
    public const string Size = "16m";

    private readonly string _mountPoint;

    private WorkerDisk(string mountPoint) => _mountPoint = mountPoint;

    private string Filler => Path.Combine(_mountPoint, ".chaos-filler");

    /// <summary>A disk under each home, or none and why (this process may not mount).</summary>
    public static async Task<(IReadOnlyList<WorkerDisk>? Disks, string? Why)> MountAllAsync(IReadOnlyList<string> homes, CancellationToken cancellationToken)
    {
        var disks = new List<WorkerDisk>();
        foreach (var home in homes)
        {
            var mountPoint = Directory.CreateDirectory(Path.Combine(home, "runs")).FullName;
            var (code, output) = await RunAsync(["mount", "-t", "tmpfs", "-o", $"size={Size},mode=0700", "tmpfs", mountPoint], cancellationToken);
            if (code != 0)
            {
                foreach (var disk in disks) await disk.UnmountAsync();
                return (null, $"`mount -t tmpfs` failed ({output.Trim()}): worker-disk-full needs CAP_SYS_ADMIN (run as root)");
            }
            disks.Add(new WorkerDisk(mountPoint));
        }
        return (disks, null);
    }

    /// <summary>Fills the disk: every write to it fails until <see cref="Free"/>.</summary>
    public void Fill()
    {
        var chunk = new byte[1 << 16];
        using var filler = new FileStream(Filler, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
        try
        {
            while (true) filler.Write(chunk);
        }
        catch (IOException)
        {
            // ENOSPC: full, which is the point. The last partial chunk is taken byte by byte.
        }
        try
        {
            while (true) filler.WriteByte(0);
        }
        catch (IOException)
        {
        }
    }

    public void Free() => File.Delete(Filler);

    public async Task UnmountAsync() => await RunAsync(["umount", "-l", _mountPoint], CancellationToken.None);

    private static async Task<(int Code, string Output)> RunAsync(string[] command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command[1..]) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not run {command[0]}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await error + await output);
    }
}
