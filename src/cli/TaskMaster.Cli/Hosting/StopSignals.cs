using System.Runtime.InteropServices;

namespace TaskMaster.Cli.Hosting;

/// <summary>
/// Turns SIGINT, SIGTERM and SIGHUP into a clean stop request; remembers the first signal so the
/// exit code can say which one ended the run (128 + its number).
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _received;

    public StopSignals(Action<string, int> onStop)
    {
        foreach (var (signal, number, name) in new[]
                 {
                     (PosixSignal.SIGINT, 2, "SIGINT"),
                     (PosixSignal.SIGTERM, 15, "SIGTERM"),
                     (PosixSignal.SIGHUP, 1, "SIGHUP"),
                 })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                // The first signal asks for a clean stop; a second one of the same kind ends the process at once.
                if (Interlocked.CompareExchange(ref _received, number, 0) != 0) return;
                context.Cancel = true;
                onStop($"received {name}", number);
            }));
        }
    }

    /// <summary>The number of the first signal received, or 0.</summary>
    public int Received => Volatile.Read(ref _received);

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
    }
}
