using System.CommandLine;
using TaskMaster.Cli.Output;
using TaskMaster.Core.Display;
using TaskMaster.Core.Queue;

namespace TaskMaster.Cli.Commands;

/// <summary><c>task-master validate</c>: checks a queue against every rule of the format.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var queue = CommonOptions.Queue();
        var command = new Command("validate",
            "Check a queue file against every rule of the format and print every error as FILE:LINE: message. " +
            "Exit code 0 when valid, 2 when not.")
        {
            queue,
        };
        command.SetAction(result => Run(result.GetRequiredValue(queue), Console.Out, Console.Error));
        return command;
    }

    internal static int Run(FileInfo file, TextWriter output, TextWriter error)
    {
        var display = DisplayName(file);
        var parsed = QueueParser.ParseFile(file.FullName, display);
        if (!parsed.IsValid)
        {
            QueueErrorPrinter.Print(error, parsed.Errors, display);
            return ExitCodes.InvalidInput;
        }
        var queue = parsed.Queue!;
        var phases = queue.Phases.Count > 0 ? $" in {queue.Phases.Count} phases" : "";
        output.WriteLine($"{display}: valid. Queue '{queue.Name}': {Counted.Of(queue.Tasks.Count, "task")}{phases}.");
        return ExitCodes.Success;
    }

    /// <summary>The file as the user would recognise it: relative to the current folder when inside it.</summary>
    internal static string DisplayName(FileInfo file)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, file.FullName);
        return relative.StartsWith("..", StringComparison.Ordinal) ? file.FullName : relative;
    }
}
