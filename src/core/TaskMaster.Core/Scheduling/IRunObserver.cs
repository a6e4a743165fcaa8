using TaskMaster.Core.Events;
using TaskMaster.Core.State;

namespace TaskMaster.Core.Scheduling;

/// <summary>
/// The publication seam: told of every event after it is journaled and folded. Called on the
/// scheduler's loop, so an observer must return quickly and never block (hand slow work to a queue).
/// </summary>
public interface IRunObserver
{
    void OnEvent(RunEvent e, RunState state);

    /// <summary>
    /// The run has ended and its record is complete: every event, its final checkpoint's included, has been
    /// published, and none follows. Called once, on the scheduler's loop, as it returns.
    /// </summary>
    void OnRunEnded(RunState state)
    {
    }
}
