using Grpc.Core;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Scheduler.Control;

/// <summary>The free text an operator sends with a control call: refused whole, before anything is done, when past <see cref="ControlLimits.MaxTextLength"/>.</summary>
internal static class OperatorText
{
    /// <exception cref="RpcException"><c>INVALID_ARGUMENT</c>, saying the limit: the call changes nothing.</exception>
    public static string Check(string text, string field = "reason") =>
        text.Length <= ControlLimits.MaxTextLength
            ? text
            : throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"{field} is {text.Length:N0} characters long; at most {ControlLimits.MaxTextLength:N0} are kept in the journal and shown by every status read"));
}
