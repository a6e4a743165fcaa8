using System.Runtime.InteropServices;
using TaskMaster.Core.Display;
using TaskMaster.Core.State;
using TaskMaster.Embedded;
using TaskMaster.Monitor;
using TaskMaster.Scheduler.Control;

namespace TaskMaster.Cli.Hosting;

/// <summary>
/// <c>--monitor-linger</c>: once the run has ended, the monitor keeps serving its final state,
/// read-only, for the time asked or until SIGINT, SIGTERM or SIGHUP. Every control transport then
/// answers as the finished run's (<see cref="FinishedRunControl"/>).
/// </summary>
internal static class MonitorLinger
{
    /// <param name="attach">Puts a control behind the executor's control transports.</param>
    public static async Task WaitAsync(MonitorServer monitor, Action<IRunControl> attach, IRunControl run, RunStatus finalState, TimeSpan linger)
    {
        attach(new FinishedRunControl(run, finalState));
        using var done = new CancellationTokenSource(linger);
        var registrations = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }
            .Select(signal => PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                done.Cancel();
            }))
            .ToList();
        try
        {
            Console.WriteLine($"The run is over; the dashboard keeps showing its final state (read-only) at {monitor.Url} " +
                              $"for {HumanDuration.Format(linger)}. Press Ctrl-C to stop it sooner.");
            await Console.Out.FlushAsync().ConfigureAwait(false);
            await Task.Delay(Timeout.InfiniteTimeSpan, done.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The linger ran out or a signal ended it: either way the command now exits with the run's code.
        }
        finally
        {
            foreach (var registration in registrations) registration.Dispose();
        }
    }
}
