using Amazon.Runtime;

namespace TaskMaster.S3;

/// <summary>Object storage could not do what was asked (down, timed out, refused). An <see cref="IOException"/>, never swallowed.</summary>
public sealed class S3StoreException : IOException
{
    public S3StoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Runs an S3 call, turning the SDK's faults (and its timeouts) into this exception, saying what failed.</summary>
    internal static async Task<T> Guard<T>(Func<Task<T>> call, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException
                                       || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new S3StoreException($"S3: {what}: {ex.Message}", ex);
        }
    }
}
