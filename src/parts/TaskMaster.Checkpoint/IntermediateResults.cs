using System.Security.Cryptography;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.LocalHome;

namespace TaskMaster.Checkpoint;

/// <summary>
/// Collects what tasks left behind for a checkpoint: each task's state file (its
/// <c>TASKMASTER_STATE_FILE</c>) and the files its <c>success: file</c> criteria name.
/// </summary>
internal static class IntermediateResults
{
    public static Dictionary<string, TaskIntermediateResult> Collect(RunState state, HomeLayout home, string runId, int maxStateFileBytes)
    {
        var results = new Dictionary<string, TaskIntermediateResult>(StringComparer.Ordinal);
        var stateDirectory = Path.GetDirectoryName(home.TaskStateFile(runId, "x"))!;
        var stateFiles = Directory.Exists(stateDirectory)
            ? Directory.EnumerateFiles(stateDirectory, "*.state").ToDictionary(f => Path.GetFileNameWithoutExtension(f), StringComparer.Ordinal)
            : [];
        foreach (var definition in state.Queue.Tasks)
        {
            stateFiles.TryGetValue(definition.Id, out var stateFile);
            var outputs = definition.Success.FilesExist.Count == 0
                ? []
                : Outputs(Path.GetFullPath(Path.Combine(state.Queue.BaseDirectory, definition.WorkingDirectory ?? ".")), definition.Success.FilesExist);
            if (stateFile is null && outputs.Count == 0) continue;
            var (content, sha) = stateFile is null ? (null, null) : ReadState(stateFile, maxStateFileBytes);
            results[definition.Id] = new TaskIntermediateResult(content, sha, outputs);
        }
        return results;
    }

    private static (string? Base64, string? Sha256) ReadState(string path, int maxBytes)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            return (bytes.Length <= maxBytes ? Convert.ToBase64String(bytes) : null, sha);
        }
        catch (IOException)
        {
            // The task is rewriting it right now; the next checkpoint takes it.
            return (null, null);
        }
    }

    private static List<TaskOutputFile> Outputs(string workingDirectory, IReadOnlyList<string> files)
    {
        var outputs = new List<TaskOutputFile>();
        foreach (var file in files)
        {
            var path = Path.Combine(workingDirectory, file);
            if (!File.Exists(path)) continue;
            try
            {
                using var stream = File.OpenRead(path);
                outputs.Add(new TaskOutputFile(file, stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream))));
            }
            catch (IOException)
            {
                // Being written: left out of this checkpoint.
            }
        }
        return outputs;
    }
}
