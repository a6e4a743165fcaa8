using System.CommandLine;
using TaskMaster.Cli.Commands;
using TaskMaster.Cli.Parsing;

namespace TaskMaster.Cli;

internal static class Program
{
    /// <summary>The command tree of <c>task-master</c>, guarded (<see cref="CommandLineGuard"/>): what runs, and what the tests walk.</summary>
    public static RootCommand Commands() => CommandLineGuard.Apply(WithServerOptions(new RootCommand(
        "TaskMaster runs a queue of tasks (a DAG written in a Markdown file) autonomously: " +
        "dependencies, parallelism, resources, retries with backoff, timeouts, live progress. " +
        "With --server URL, against a scheduler service instead of this machine.")
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
    }));

    private static RootCommand WithServerOptions(RootCommand root)
    {
        ServerOptions.AddTo(root);
        return root;
    }

    public static Task<int> Main(string[] args) => CommandLineRunner.RunAsync(Commands(), args, Console.Out, Console.Error);
}
