namespace TaskMaster.Core.Scheduling;

/// <summary>
/// What the control API accepts and sends, on every transport (gRPC on the home's socket and on
/// <c>--grpc-port</c>, JSON on the monitor's port). A request past them is refused whole and changes nothing.
/// </summary>
public static class ControlLimits
{
    /// <summary>The longest operator text a call may carry (a reason): it is journaled, logged and shown by every status read.</summary>
    public const int MaxTextLength = 1000;

    /// <summary>The largest request: a control call is a few fields; anything bigger is not one.</summary>
    public const int MaxRequestBytes = 64 * 1024;

    /// <summary>
    /// The largest answer the server sends and the client accepts: a detailed status lists every task
    /// that has left pending (about 100 bytes each, a few KB with a long error), so a
    /// million-task run's fits.
    /// </summary>
    public const int MaxResponseBytes = 1024 * 1024 * 1024;
}
