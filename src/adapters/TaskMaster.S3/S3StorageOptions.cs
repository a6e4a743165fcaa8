using System.ComponentModel.DataAnnotations;

namespace TaskMaster.S3;

/// <summary>
/// Where checkpoints and task state files are kept in S3-compatible object storage; set as
/// <c>TASKMASTER_S3__URL</c>, <c>__BUCKET</c>, <c>__ACCESSKEY</c>, <c>__SECRETKEYFILE</c> (or
/// <c>__SECRETKEY</c>), <c>__REGION</c>, <c>__KEEP</c>.
/// </summary>
public sealed class S3StorageOptions : IValidatableObject
{
    public const string Section = "S3";

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:7480</c> (RGW) or an AWS endpoint.</summary>
    [Required(ErrorMessage = "TASKMASTER_S3__URL is not set (e.g. http://127.0.0.1:7480)")]
    [Url(ErrorMessage = "TASKMASTER_S3__URL is not an http(s) URL")]
    public string Url { get; set; } = "";

    /// <summary>The bucket (with versioning on, every overwritten task state stays readable).</summary>
    [Required(ErrorMessage = "TASKMASTER_S3__BUCKET is empty")]
    [RegularExpression("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", ErrorMessage = "TASKMASTER_S3__BUCKET: 3–63 lowercase letters, digits, '.' or '-'")]
    public string Bucket { get; set; } = "taskmaster";

    /// <summary>Create the bucket when it does not exist (on the first readiness check); off where buckets are made by hand or by policy.</summary>
    public bool CreateBucket { get; set; } = true;

    [Required(ErrorMessage = "TASKMASTER_S3__ACCESSKEY is not set")]
    public string AccessKey { get; set; } = "";

    /// <summary>The secret itself; prefer <see cref="SecretKeyFile"/> (a file only its owner reads).</summary>
    public string? SecretKey { get; set; }

    /// <summary>A file holding the secret key.</summary>
    public string? SecretKeyFile { get; set; }

    [Required(ErrorMessage = "TASKMASTER_S3__REGION is empty")]
    public string Region { get; set; } = "us-east-1";

    /// <summary>Checkpoints kept per run, the newest (as the embedded store's <c>Retain</c>).</summary>
    [Range(1, 1_000_000, ErrorMessage = "TASKMASTER_S3__KEEP must be 1 to 1000000")]
    public int Keep { get; set; } = 20;

    /// <summary>How long one request may take before it fails (and the store falls back).</summary>
    [Range(1, 600, ErrorMessage = "TASKMASTER_S3__TIMEOUTSECONDS must be 1 to 600")]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Retries of a failed request, with the SDK's backoff.</summary>
    [Range(0, 10, ErrorMessage = "TASKMASTER_S3__MAXRETRIES must be 0 to 10")]
    public int MaxRetries { get; set; } = 3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(SecretKey) && string.IsNullOrEmpty(SecretKeyFile))
            yield return new ValidationResult("TASKMASTER_S3__SECRETKEYFILE (or TASKMASTER_S3__SECRETKEY) is not set", [nameof(SecretKeyFile)]);
    }

    /// <summary>The secret key, from the file when one is named.</summary>
    /// <exception cref="InvalidOperationException">Neither is set, or the file cannot be read; the message names the setting.</exception>
    public string ResolveSecretKey()
    {
        if (SecretKeyFile is { Length: > 0 } file)
        {
            try
            {
                return File.ReadAllText(file).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"TASKMASTER_S3__SECRETKEYFILE: cannot read {file}: {ex.Message}", ex);
            }
        }
        return SecretKey is { Length: > 0 } key ? key
            : throw new InvalidOperationException("TASKMASTER_S3__SECRETKEYFILE (or TASKMASTER_S3__SECRETKEY) is not set");
    }
}
