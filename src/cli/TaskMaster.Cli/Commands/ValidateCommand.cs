using System.CommandLine;
using TaskMaster.Cli.Output;
using TaskMaster.Core.Display;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Queue.Cache;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Cli.Commands;

/// <summary><c>task-master validate</c>: checks a queue against every rule of the format.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var queue = CommonOptions.Queue();
        var home = CommonOptions.Home();
        var command = new Command("validate",
            "Check a queue file against every rule of the format and print every error as FILE:LINE: message. " +
            "A home that exists keeps the parsed queue in its cache (cache/queues), so that checking an unchanged big file again is quick; " +
            "validate never creates a home. Exit code 0 when valid, 2 when not.")
        {
            queue, home,
        };
        command.SetAction(result => Run(result.GetRequiredValue(queue), Console.Out, Console.Error, HomeLayout.Resolve(result.GetValue(home))));
        return command;
    }

    internal static int Run(FileInfo file, TextWriter output, TextWriter error, HomeLayout? home = null)
    {
        var display = DisplayName(file);
        var parsed = Parse(file, display, home);
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

    /// <summary>The queue in <paramref name="file"/>, through the cache of <paramref name="home"/> when that home exists (none is created for it).</summary>
    internal static QueueParseResult Parse(FileInfo file, string display, HomeLayout? home) =>
        home is not null && Directory.Exists(home.Home)
            ? new QueueCache(home.QueueCacheDirectory).ParseFile(file.FullName, display)
            : QueueParser.ParseFile(file.FullName, display);

    /// <summary>The file as the user would recognise it: relative to the current folder when inside it.</summary>
    internal static string DisplayName(FileInfo file)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, file.FullName);
        return relative.StartsWith("..", StringComparison.Ordinal) ? file.FullName : relative;
    }
}
