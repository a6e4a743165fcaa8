using System.CommandLine;
using System.CommandLine.Invocation;
using TaskMaster.Cli.Commands;

namespace TaskMaster.Cli.Parsing;

/// <summary>Parses and runs a command line of <c>task-master</c>: a refused one exits 2 with its one-line reasons, never a help page or an exception.</summary>
internal static class CommandLineRunner
{
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter output, TextWriter error)
    {
        ParseResult parsed;
        try
        {
            parsed = root.Parse(args);
        }
        catch (Exception e)
        {
            // CommandLineGuard keeps validators from throwing; this is for what nobody foresaw.
            error.WriteLine($"task-master: the command line could not be read: {e.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.ExecutorFault;
        }
        if (parsed.Action is ParseErrorAction)
        {
            ParseErrorPrinter.Print(parsed, error);
            return ExitCodes.InvalidInput;
        }
        if (ProblemBeforeTheCommand(root, parsed) is { } problem)
        {
            error.WriteLine($"task-master: {problem}");
            return ExitCodes.InvalidInput;
        }
        // Signals are handled by the execute command itself: it must kill process trees and print a summary.
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, Output = output, Error = error }).ConfigureAwait(false);
    }

    // The library reports bad values of the invoked command's options only: those given before it (--server) are read here.
    private static string? ProblemBeforeTheCommand(RootCommand root, ParseResult parsed)
    {
        foreach (var option in root.Options)
        {
            if (parsed.GetResult(option) is not { } result) continue;
            try
            {
                _ = result.GetValueOrDefault<object?>();
            }
            catch (InvalidOperationException e)
            {
                return e.Message.ReplaceLineEndings(" ");
            }
        }
        return null;
    }
}
