using Amazon.Runtime;
using Amazon.S3;

namespace TaskMaster.S3;

/// <summary>The one way TaskMaster makes an S3 client.</summary>
public static class S3Clients
{
    /// <summary>
    /// A client for <paramref name="options"/>: path-style addresses (self-hosted servers have no
    /// bucket subdomains), and checksums only where the API requires them (AWSSDK 4 otherwise adds
    /// CRC trailers that RGW and s3rver do not understand; our own checksums guard the content).
    /// </summary>
    public static AmazonS3Client Create(S3StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.ResolveSecretKey()), new AmazonS3Config
        {
            ServiceURL = options.Url,
            ForcePathStyle = true,
            AuthenticationRegion = options.Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
            MaxErrorRetry = options.MaxRetries,
        });
    }
}
