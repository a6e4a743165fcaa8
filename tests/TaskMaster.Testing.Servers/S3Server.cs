using Amazon.Runtime;
using Amazon.S3;

namespace TaskMaster.Testing.Servers;

/// <summary>Which S3 server: s3rver starts in 0.3 s but has no versioning and ignores conditional writes; RGW has both and starts in ~14 s.</summary>
public enum S3ServerKind
{
    S3rver,
    Rgw,
}

/// <summary>
/// An S3 server on loopback, local only (scripts/servers/s3rver.sh or rgw.sh): s3rver is an npm
/// package and RGW needs a mon and an osd beside it, neither of which has a small image to run instead.
/// Clients must send PutObject with <c>UseChunkEncoding = false</c> (s3rver stores chunk-encoded bodies corrupted).
/// </summary>
public sealed class S3Server : RealServer
{
    private readonly ServerScript _script;

    private S3Server(ServerScript script, S3ServerKind kind)
        : base(script)
    {
        _script = script;
        Kind = kind;
        ServiceUrl = new Uri(script["S3_URL"]);
    }

    public S3ServerKind Kind { get; }

    public Uri ServiceUrl { get; }

    public string AccessKey => _script["S3_ACCESS_KEY"];

    public string SecretKey => _script["S3_SECRET_KEY"];

    public static async Task<S3Server> StartAsync(ServerRoot root, S3ServerKind kind, string? instance = null, CancellationToken cancellationToken = default)
    {
        var name = kind == S3ServerKind.Rgw ? "rgw" : "s3rver";
        var script = root.Script(name, instance ?? name);
        await script.StartAsync(cancellationToken: cancellationToken);
        return new S3Server(script, kind);
    }

    /// <summary>
    /// A client for this server: path-style addresses (no bucket subdomains on 127.0.0.1), and
    /// checksums only where the API requires them (AWSSDK 4 adds CRC trailers by default, which
    /// neither server understands).
    /// </summary>
    public AmazonS3Client CreateClient() =>
        new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
        {
            ServiceURL = ServiceUrl.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
}
