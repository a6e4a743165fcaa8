namespace TaskMaster.Monitor.Logs;

/// <summary>
/// A page of a task's log (<c>GET /api/v1/tasks/{id}/log</c>, docs/monitoring-contract.md). Offsets are
/// byte offsets in the log file, whether the whole log or one attempt's section is read.
/// </summary>
/// <param name="Attempt">The attempt whose section was read; null for the whole log.</param>
/// <param name="Offset">Where <see cref="Text"/> starts.</param>
/// <param name="NextOffset">Where it ends: where to ask for the next page.</param>
/// <param name="Size">Where what was asked for ends now: the file's length, or the end of the attempt's section.</param>
/// <param name="Complete">True when the page reaches that end and nothing more will be written to it (the attempt or the task has ended).</param>
/// <param name="Text">Whole lines (a line longer than a page is cut between characters), decoded as UTF-8.</param>
public sealed record TaskLogPage(string TaskId, int? Attempt, long Offset, long NextOffset, long Size, bool Complete, string Text);
