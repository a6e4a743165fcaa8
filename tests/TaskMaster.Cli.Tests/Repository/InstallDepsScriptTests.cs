using System.Diagnostics;
using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Repository;

/// <summary>
/// The README's two commands are all the set-up there is: they install what they need through
/// scripts/install-deps.sh, which names what is missing and installs nothing that is there.
/// </summary>
public sealed class InstallDepsScriptTests
{
    [Fact]
    public async Task InstallDeps_EverythingPresent_InstallsNothingAndSaysNothing()
    {
        var (exit, output) = await RunAsync([], Environment.GetEnvironmentVariable("PATH")!);

        Assert.True(exit == 0, output);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task InstallDeps_NodeAndNpmMissing_NamesThemAndTheCommandThatInstallsThem()
    {
        // A PATH with bash and id only: no node, no npm.
        var bin = Directory.CreateTempSubdirectory("taskmaster-nonode-").FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "bash"), "/bin/bash");
        File.CreateSymbolicLink(Path.Combine(bin, "id"), "/usr/bin/id");

        var (exit, output) = await RunAsync(["--build"], bin, ("TASKMASTER_NO_INSTALL", "1"));

        Assert.Equal(1, exit);
        Assert.Contains("TaskMaster needs: nodejs npm", output, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y --no-install-recommends nodejs npm", output, StringComparison.Ordinal);
        Directory.Delete(bin, recursive: true);
    }

    [Fact]
    public async Task InstallDeps_ServersMissing_NamesTheOnesTheTestsStart()
    {
        // A PATH with bash and id only: no redis-server, prometheus, alertmanager, ceph or podman on it.
        var bin = Directory.CreateTempSubdirectory("taskmaster-noservers-").FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "bash"), "/bin/bash");
        File.CreateSymbolicLink(Path.Combine(bin, "id"), "/usr/bin/id");

        var (exit, output) = await RunAsync([], bin, ("TASKMASTER_NO_INSTALL", "1"));

        Assert.Equal(1, exit);
        Assert.Contains("redis-server", output, StringComparison.Ordinal);
        Assert.Contains("prometheus prometheus-alertmanager radosgw ceph-mon ceph-osd podman", output, StringComparison.Ordinal);
        Assert.Contains("slirp4netns mmdebstrap curl", output, StringComparison.Ordinal);
        Assert.DoesNotContain("command not found", output, StringComparison.Ordinal);
        Directory.Delete(bin, recursive: true);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string[] args, string path, params (string Key, string Value)[] environment)
    {
        var script = Path.Combine(RepositoryRoot.Path, "scripts", "install-deps.sh");
        var info = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["PATH"] = path;
        foreach (var (key, value) in environment) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }

}
