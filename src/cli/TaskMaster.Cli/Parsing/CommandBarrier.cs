using System.CommandLine;
using System.CommandLine.Invocation;
using Microsoft.Extensions.Logging;
using TaskMaster.Cli.Commands;
using TaskMaster.Cli.Hosting;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Cli.Parsing;

/// <summary>
/// The last resort around a command's action: an exception that escapes it becomes one line on
/// stderr naming the command and the failure, and exit code <see cref="ExitCodes.ExecutorFault"/>;
/// the whole exception goes to the home's log, at debug. A user never sees a stack trace.
/// </summary>
internal sealed class CommandBarrier(Command command, CommandLineAction inner) : AsynchronousCommandLineAction
{
    public CommandLineAction Inner => inner;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        try
        {
            return inner switch
            {
                AsynchronousCommandLineAction action => await action.InvokeAsync(parseResult, cancellationToken).ConfigureAwait(false),
                SynchronousCommandLineAction action => action.Invoke(parseResult),
                _ => throw new InvalidOperationException($"the action of {command.Name} can be neither called nor awaited"),
            };
        }
        catch (Exception e)
        {
            var log = WriteToLog(parseResult, e);
            var error = parseResult.InvocationConfiguration.Error;
            error.WriteLine($"task-master {command.Name}: could not finish: {FirstLine(e)}{(log is null ? "" : $" (details in {log})")}");
            return ExitCodes.ExecutorFault;
        }
    }

    private static string FirstLine(Exception e)
    {
        var message = e.Message.ReplaceLineEndings("\n").Split('\n', 2)[0].Trim();
        return message.Length > 0 ? message : "an unexpected failure";
    }

    /// <summary>The full exception, in the log of the home the command worked on (if that home exists); null when not written.</summary>
    private string? WriteToLog(ParseResult parseResult, Exception e)
    {
        try
        {
            var homeOption = command.Options.OfType<Option<string?>>().FirstOrDefault(o => o.Name == "--home");
            var home = HomeLayout.Resolve(homeOption is null ? null : parseResult.GetValue(homeOption));
            if (!Directory.Exists(home.Home)) return null;
            using (var loggers = RunLogging.Create(home, LogLevel.Debug, runId: ""))
            {
                loggers.CreateLogger("task-master").LogDebug(e, "task-master {Command} could not finish: {Message}", command.Name, e.Message);
            }
            return RunLogging.CurrentFile(home, TimeProvider.System.GetUtcNow());
        }
        catch (Exception)
        {
            // The log is a courtesy here: the failure itself has been reported on stderr.
            return null;
        }
    }
}
