using TaskMaster.Core.Queue;

namespace TaskMaster.Cli.Output;

/// <summary>Prints a queue's errors as <c>FILE:LINE: message</c>, one a line, on stderr.</summary>
internal static class QueueErrorPrinter
{
    public static void Print(TextWriter error, IReadOnlyList<QueueError> errors, string file)
    {
        foreach (var e in errors) error.WriteLine(e.ToString());
        error.WriteLine($"{file}: {errors.Count} error{(errors.Count == 1 ? "" : "s")}; nothing was run.");
    }
}
