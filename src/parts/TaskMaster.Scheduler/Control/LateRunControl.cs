using System.Reflection;
using System.Runtime.ExceptionServices;

namespace TaskMaster.Scheduler.Control;

/// <summary>
/// The run's control as a TCP server (the monitor, the gRPC port) serves it. Such a server binds
/// its port before the run is composed (a busy port must fail before anything runs), so the
/// control arrives later: until then every call is refused with "starting". A proxy, so that every method of
/// <see cref="IRunControl"/>, present and future, is forwarded without being listed here.
/// </summary>
public class LateRunControl : DispatchProxy
{
    private IRunControl? _control;

    public static (IRunControl Proxy, Action<IRunControl> Attach) Create()
    {
        var proxy = DispatchProxy.Create<IRunControl, LateRunControl>();
        var late = (LateRunControl)(object)proxy;
        return (proxy, control => Volatile.Write(ref late._control, control));
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var control = Volatile.Read(ref _control) ?? throw new RunControlException("the run is starting; ask again in a moment");
        try
        {
            return targetMethod.Invoke(control, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
