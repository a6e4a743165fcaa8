using System.Text.Json;
using TaskMaster.Checkpoint.Storage;
using TaskMaster.Core.Scheduling;
using TaskMaster.Scheduler.Control;
using TaskMaster.Scheduler.Runs;
using TaskMaster.LocalHome;

namespace TaskMaster.Embedded.Scheduler;

/// <summary>Each run's submission as <c>runs/&lt;id&gt;/submission.json</c>, written atomically and fsynced before the run is listed.</summary>
internal sealed class FileRunSubmissions(HomeLayout home) : IRunSubmissionStore
{
    private const string FileName = "submission.json";

    public async ValueTask SaveAsync(string runId, RunSubmission submission, CancellationToken cancellationToken)
    {
        var directory = home.RunDirectory(runId);
        Core.Storage.PrivateFiles.CreateDirectory(directory);
        await AtomicFile.WriteAsync(directory, FileName, JsonSerializer.SerializeToUtf8Bytes(submission), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<RunSubmission?> LoadAsync(string runId, CancellationToken cancellationToken)
    {
        var path = Path.Combine(home.RunDirectory(runId), FileName);
        if (!File.Exists(path)) return null;
        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<RunSubmission>(file, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
