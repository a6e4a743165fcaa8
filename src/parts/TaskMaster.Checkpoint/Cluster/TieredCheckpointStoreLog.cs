using Microsoft.Extensions.Logging;

namespace TaskMaster.Checkpoint.Cluster;

internal static partial class TieredCheckpointStoreLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Error,
        Message = "ALERT checkpoint store {Store} is down; {Operation} uses {Other} instead (taskmaster_checkpoint_store_up{{store=\"{Store}\"}} is 0): {Problem}")]
    public static partial void StoreDown(this ILogger logger, string store, string operation, string other, string problem);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Checkpoint store {Store} failed again ({Operation} uses {Other}): {Problem}")]
    public static partial void StoreStillDown(this ILogger logger, string store, string operation, string other, string problem);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Checkpoint store {Store} is back")]
    public static partial void StoreBack(this ILogger logger, string store);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Checkpoint {Location} refused: {Reason}")]
    public static partial void Refused(this ILogger logger, string location, string reason);
}
