using Microsoft.Extensions.Logging;

namespace TaskMaster.Checkpoint.Storage;

/// <summary>Deleting files whose removal is housekeeping: a failure is logged, never thrown.</summary>
internal static class FileRemoval
{
    /// <summary>True when <paramref name="path"/> is gone (deleted now, or already).</summary>
    public static bool TryDelete(string path, ILogger? logger = null)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger?.DeleteFailed(path, ex.Message);
            return false;
        }
    }
}
