using System.CommandLine;
using TaskMaster.Cli.Commands;

var root = new RootCommand(
    "TaskMaster runs a queue of tasks (a DAG written in a Markdown file) autonomously: " +
    "dependencies, parallelism, resources, retries with backoff, timeouts, live progress.")
{
    ValidateCommand.Create(),
    ExecuteCommand.Create(),
    ResumeCommand.Create(),
    RetryCommand.Create(),
    CheckpointCommand.Create(),
    StatusCommand.Create(),
    RunsCommand.Create(),
    LogsCommand.Create(),
    ControlCommands.Pause(),
    ControlCommands.Continue(),
    ControlCommands.Stop(),
    ControlCommands.Override(),
    MaintenanceCommand.Create(),
    MonitorInitCommand.Create(),
    ReportCommand.Create(),
};

// Signals are handled by the execute command itself: it must kill process trees and print a summary.
var parsed = root.Parse(args);
var code = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
// The library prints a bad command line's errors and usage and answers 1; for us 1 means failed tasks.
return parsed.Errors.Count > 0 ? ExitCodes.InvalidInput : code;
