using System.Diagnostics;

namespace TaskMaster.Checkpoint.Tests.Support;

/// <summary>
/// A tiny tmpfs, to make a real "No space left on device". Needs root (CI and the dev machines run
/// as root); without it the test fails with this message rather than skipping: a disk-full test
/// that silently does not run proves nothing.
/// </summary>
internal sealed class TmpfsMount : IDisposable
{
    public TmpfsMount(string sizeOption = "64k")
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("taskmaster-tmpfs-").FullName;
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={sizeOption}", "tmpfs", Directory);
        if (code != 0)
        {
            System.IO.Directory.Delete(Directory);
            Assert.Fail($"mounting a {sizeOption} tmpfs for the disk-full test failed (exit {code}: {output.Trim()}); this test needs root and mount(8)");
        }
    }

    public string Directory { get; }

    /// <summary>The file <see cref="Fill"/> writes.</summary>
    public string FillerPath => Path.Combine(Directory, "filler");

    /// <summary>Writes a file until the disk refuses: after this, only pages already held can take bytes.</summary>
    public void Fill()
    {
        var chunk = new byte[4096];
        using var filler = new FileStream(FillerPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        for (var written = 0; written < 1 << 20; written += chunk.Length)
        {
            try
            {
                filler.Write(chunk);
                filler.Flush(flushToDisk: true);
            }
            catch (IOException)
            {
                return;
            }
        }
        Assert.Fail($"1 MiB fitted on the small disk at {Directory}: is it really a tmpfs that small?");
    }

    public void Dispose()
    {
        Run("umount", Directory);
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static (int Code, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
