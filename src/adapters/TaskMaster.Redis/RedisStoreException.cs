using StackExchange.Redis;

namespace TaskMaster.Redis;

/// <summary>
/// Redis could not do what was asked (down, timed out, refused). An <see cref="IOException"/>, so
/// the scheduler handles it as it handles a failing journal file: it retries, and stops the run
/// after too many failures; nothing is swallowed.
/// </summary>
public sealed class RedisStoreException : IOException
{
    public RedisStoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Runs a Redis call, turning StackExchange.Redis's faults into this exception, saying what failed.</summary>
    public static async Task<T> Guard<T>(Func<Task<T>> call, string what)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            throw new RedisStoreException($"Redis: {what}: {ex.Message}", ex);
        }
    }
}
