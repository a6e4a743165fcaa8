namespace TaskMaster.Core.Scheduling;

/// <summary>
/// The journal refuses this writer for good: another scheduler has taken the run over (its fencing token
/// is higher). Not a fault to retry: the run stops at once, writing nothing more (its new owner goes on with it).
/// </summary>
public sealed class JournalFencedException : IOException
{
    public JournalFencedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
