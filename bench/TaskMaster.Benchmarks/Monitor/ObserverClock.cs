using System.Diagnostics;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;

namespace TaskMaster.Benchmarks.Monitor;

/// <summary>
/// Times one observer on the scheduler's loop: what it adds to every event there. Its own two clock
/// reads are in the figure too, about as much as an observer that does nothing (<see cref="Nothing"/>) measures.
/// </summary>
internal sealed class ObserverClock(IRunObserver inner, string name) : IRunObserver
{
    private long _ticks, _calls;

    public string Name => name;

    public double NanosecondsPerEvent => _calls == 0 ? double.NaN : _ticks * 1e9 / Stopwatch.Frequency / _calls;

    public void OnEvent(RunEvent e, RunState state)
    {
        var start = Stopwatch.GetTimestamp();
        inner.OnEvent(e, state);
        _ticks += Stopwatch.GetTimestamp() - start;
        _calls++;
    }

    public void OnRunEnded(RunState state) => inner.OnRunEnded(state);

    /// <summary>An observer that does nothing: the clock's own share.</summary>
    public sealed class Nothing : IRunObserver
    {
        public void OnEvent(RunEvent e, RunState state)
        {
        }
    }
}
