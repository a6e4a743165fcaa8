using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace TaskMaster.CheckpointService;

/// <summary>Ready once Redis answers a PING.</summary>
internal sealed class RedisReadiness(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var rtt = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"PING {rtt.TotalMilliseconds:F1} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"Redis does not answer: {ex.Message}");
        }
    }
}

/// <summary>Ready once the bucket can be listed.</summary>
internal sealed class S3Readiness(IAmazonS3 s3, S3Bucket bucket) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket.Name, MaxKeys = 1 }, cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is AmazonS3Exception or Amazon.Runtime.AmazonClientException or HttpRequestException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"s3://{bucket.Name} cannot be listed: {ex.Message}");
        }
    }
}

/// <summary>The bucket the service keeps its objects in.</summary>
internal sealed record S3Bucket(string Name);
