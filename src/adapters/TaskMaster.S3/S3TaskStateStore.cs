using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Runs;

namespace TaskMaster.S3;

/// <summary>
/// Task state files (what a task wrote to its <c>TASKMASTER_STATE_FILE</c>) in object storage, at
/// <c>runs/&lt;run-id&gt;/tasks/&lt;task-id&gt;.state</c> with their SHA-256 in the object's metadata,
/// checked on every read. Saving again replaces the file (a versioned bucket keeps the earlier ones).
/// </summary>
public sealed class S3TaskStateStore(IAmazonS3 s3, string bucket) : ITaskStateStore
{
    private const string Sha256Metadata = "sha256";

    /// <summary>Stores the file; returns its SHA-256 (lowercase hex).</summary>
    public async Task<string> PutAsync(string runId, string taskId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var key = KeyFor(runId, taskId);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = new MemoryStream(content.ToArray(), writable: false),
            ContentType = "application/octet-stream",
            UseChunkEncoding = false,
        };
        request.Metadata[Sha256Metadata] = sha;
        await S3StoreException.Guard(() => s3.PutObjectAsync(request, cancellationToken), $"writing s3://{bucket}/{key}", cancellationToken).ConfigureAwait(false);
        return sha;
    }

    /// <summary>The file as saved; null when the task has none.</summary>
    /// <exception cref="InvalidDataException">The object does not hash to the SHA-256 saved with it: damaged; the message names it.</exception>
    public async Task<byte[]?> GetAsync(string runId, string taskId, CancellationToken cancellationToken)
    {
        var key = KeyFor(runId, taskId);
        (byte[] Bytes, string? Sha)? found;
        try
        {
            found = await S3ObjectBytes.ReadAsync(s3, bucket, key, Sha256Metadata, cancellationToken).ConfigureAwait(false);
        }
        catch (S3StoreException ex) when (ex.InnerException is AmazonS3Exception { StatusCode: HttpStatusCode.NotFound })
        {
            return null;
        }

        var (content, saved) = found!.Value;
        var actual = Convert.ToHexStringLower(SHA256.HashData(content));
        return actual == saved ? content
            : throw new InvalidDataException($"s3://{bucket}/{key} is damaged: its content hashes to {actual}, it was saved as {saved ?? "(no sha256)"}");
    }

    /// <summary>The object key of a task's state file.</summary>
    public static string KeyFor(string runId, string taskId) =>
        $"runs/{RunIds.Checked(runId)}/tasks/{(RunIds.IsValid(taskId) ? taskId : throw new ArgumentException($"not a task id: '{taskId}'", nameof(taskId)))}.state";
}
