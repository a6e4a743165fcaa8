using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using TaskMaster.ServiceDefaults;

namespace TaskMaster.CheckpointService;

/// <summary>
/// Ready while either store answers, since either one takes the checkpoints (the tiered store falls back):
/// healthy with both, degraded with one (<c>/readyz</c> still answers 200 and gRPC health SERVING, so
/// the schedulers keep reaching the service), unhealthy with neither.
/// </summary>
internal sealed class CheckpointStoresReadiness(IAmazonS3 s3, S3Bucket bucket, IConnectionMultiplexer redis) : IHealthCheck
{
    private readonly S3Readiness _s3 = new(s3, bucket);
    private readonly RedisReadiness _redis = new(redis);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var checks = await Task.WhenAll(_s3.CheckHealthAsync(context, cancellationToken), _redis.CheckHealthAsync(context, cancellationToken)).ConfigureAwait(false);
        var (inS3, inRedis) = (checks[0], checks[1]);
        return (inS3.Status == HealthStatus.Healthy, inRedis.Status == HealthStatus.Healthy) switch
        {
            (true, true) => HealthCheckResult.Healthy("s3 and redis answer"),
            (true, false) => HealthCheckResult.Degraded($"checkpoints go to s3 only: {inRedis.Description}"),
            (false, true) => HealthCheckResult.Degraded($"checkpoints go to the redis cache only: {inS3.Description}"),
            _ => HealthCheckResult.Unhealthy($"neither store answers: {inS3.Description}; {inRedis.Description}"),
        };
    }
}

/// <summary>Ready once the bucket answers (made first, when it is missing and the settings allow it).</summary>
internal sealed class S3Readiness(IAmazonS3 s3, S3Bucket bucket) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            try
            {
                await ListAsync(cancellationToken);
            }
            catch (AmazonS3Exception ex) when ((ex.ErrorCode == "NoSuchBucket" || ex.StatusCode == System.Net.HttpStatusCode.NotFound) && bucket.Create)
            {
                await s3.PutBucketAsync(bucket.Name, cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
                await ListAsync(cancellationToken);
            }
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is AmazonS3Exception or Amazon.Runtime.AmazonClientException or HttpRequestException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"s3://{bucket.Name} does not answer: {ex.Message}");
        }
    }

    // HEAD the bucket: a listing of a bucket with objects in it is refused by some S3 servers' answers
    // (s3rver's, read by AWSSDK 4), which made a service with checkpoints stored look unready.
    private Task<HeadBucketResponse> ListAsync(CancellationToken cancellationToken) =>
        s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket.Name }, cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
}

/// <summary>The bucket the service keeps its objects in, and whether it may make it.</summary>
internal sealed record S3Bucket(string Name, bool Create);
