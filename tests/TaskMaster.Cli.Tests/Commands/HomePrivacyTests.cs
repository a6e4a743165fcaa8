using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

/// <summary>Task logs, checkpoints and the control token can hold secrets: the home is its owner's alone.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HomePrivacyTests
{
    private const UnixFileMode GroupAndOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public async Task Execute_WithMonitorAndCheckpoints_CreatesEveryFolder0700AndEveryFile0600()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: private
            - retries: 1

            ### secret: Prints a secret
            - run: `echo "password=hunter2"; echo oops >&2`

            ### flaky: Fails once
            - depends: secret
            - retry-on: exit 75
            - retry-backoff: 0s
            - run: `if [ "$TASKMASTER_ATTEMPT" = 1 ]; then exit 75; fi`
            """);

        var result = await workspace.ExecuteAsync("--monitor", "--monitor-port", "0", "--checkpoint-mirror", Path.Combine(workspace.Home, "mirror"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var entries = Directory.EnumerateFileSystemEntries(workspace.Home, "*", SearchOption.AllDirectories).Prepend(workspace.Home).ToList();
        Assert.Contains(entries, e => e.EndsWith("secret.log", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.EndsWith("journal.jsonl", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.EndsWith("control.token", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Contains("/mirror/", StringComparison.Ordinal));
        var open = entries
            .Select(e => (Path: Path.GetRelativePath(workspace.Home, e), Mode: File.GetUnixFileMode(e), Folder: Directory.Exists(e)))
            .Where(e => e.Folder ? e.Mode != PrivateDirectory : (e.Mode & GroupAndOthers) != 0 || !e.Mode.HasFlag(UnixFileMode.UserRead))
            .Select(e => $"{e.Path} {Convert.ToString((int)e.Mode, 8)}")
            .ToList();
        Assert.True(open.Count == 0, "not private to the owner:\n" + string.Join("\n", open));
    }

    [Fact]
    public async Task Execute_HomeOpenToOthers_MakesItPrivateAndSaysSo()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: opened

            ### a: A
            - run: `true`
            """);
        Directory.CreateDirectory(workspace.Home);
        File.SetUnixFileMode(workspace.Home, PrivateDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var result = await workspace.ExecuteAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(PrivateDirectory, File.GetUnixFileMode(workspace.Home));
        Assert.Contains("was readable by others (mode 755); it is now private to its owner (700)", result.Stderr, StringComparison.Ordinal);
    }

    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
}
