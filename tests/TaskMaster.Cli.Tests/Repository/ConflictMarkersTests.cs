using System.Diagnostics;
using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Repository;

/// <summary>No tracked file keeps the markers of a merge conflict: a merge resolved in haste must not reach a user's README.</summary>
public sealed class ConflictMarkersTests
{
    [Fact]
    public void TrackedFiles_HoldNoConflictMarkers()
    {
        var root = RepositoryRoot.Path;
        var found = new List<string>();
        foreach (var file in TrackedFiles(root))
        {
            var path = Path.Combine(root, file);
            if (!File.Exists(path) || new FileInfo(path).Length > 4 << 20) continue;
            var lines = File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
                if (lines[i].StartsWith("<<<<<<< ", StringComparison.Ordinal) || lines[i].StartsWith(">>>>>>> ", StringComparison.Ordinal))
                    found.Add($"{file}:{i + 1}: {lines[i]}");
        }

        Assert.True(found.Count == 0, "conflict markers:\n" + string.Join("\n", found));
    }

    private static string[] TrackedFiles(string root)
    {
        var git = new ProcessStartInfo("git", ["-C", root, "ls-files", "-z"]) { RedirectStandardOutput = true };
        using var process = Process.Start(git)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }
}
