using System.CommandLine;
using TaskMaster.Cli.Parsing;
using Grpc.Core;
using TaskMaster.Cli.Hosting;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Cli.Commands;

/// <summary>
/// <c>task-master pause | continue | stop | override</c>: steer the executor running on a home,
/// through its control API (docs/control.md).
/// </summary>
internal static class ControlCommands
{
    private static readonly Dictionary<string, OverrideAction?> Actions = new(StringComparer.Ordinal)
    {
        ["retry"] = OverrideAction.Retry, ["skip"] = OverrideAction.Skip, ["succeed"] = OverrideAction.Succeed, ["cancel"] = OverrideAction.Cancel,
    };

    public static Command Pause()
    {
        var reason = CommonOptions.Reason();
        var target = new ControlTargetOptions();
        var command = new Command("pause",
            "Stop the running executor from starting new attempts; running ones go on. Pausing a paused run changes nothing. " +
            $"Undo with `task-master continue`. {ExitCodeHelp}")
        {
            reason,
        };
        target.AddTo(command);
        command.SetAction((result, cancellationToken) => CallAsync(target.Read(result),
            (client, run, options) => client.PauseRunAsync(new PauseRunRequest { RunId = run, Reason = result.GetValue(reason) ?? "" }, options), cancellationToken));
        return command;
    }

    public static Command Continue()
    {
        var reason = CommonOptions.Reason();
        var target = new ControlTargetOptions();
        var command = new Command("continue",
            "Let a paused run dispatch again, whoever paused it: an operator, or a policy (a critical failure in a supervised run). " +
            $"{ExitCodeHelp}")
        {
            reason,
        };
        target.AddTo(command);
        command.SetAction((result, cancellationToken) => CallAsync(target.Read(result),
            (client, run, options) => client.ContinueRunAsync(new ContinueRunRequest { RunId = run, Reason = result.GetValue(reason) ?? "" }, options), cancellationToken));
        return command;
    }

    public static Command Stop()
    {
        var emergency = new Option<bool>("--emergency")
        {
            Description = "Kill the running attempts' process trees at once instead of letting them finish.",
        };
        var reason = CommonOptions.Reason();
        var target = new ControlTargetOptions();
        var command = new Command("stop",
            "Stop the run: nothing new starts; running attempts finish (with --emergency they are killed at once); then a " +
            $"checkpoint is taken and the executor exits with code {ExitCodes.StoppedByOperator}. `task-master resume` continues the run. " +
            $"{ExitCodeHelp}")
        {
            emergency, reason,
        };
        target.AddTo(command);
        command.SetAction((result, cancellationToken) => CallAsync(target.Read(result),
            (client, run, options) => client.StopRunAsync(
                new StopRunRequest { RunId = run, Emergency = result.GetValue(emergency), Reason = result.GetValue(reason) ?? "" }, options), cancellationToken));
        return command;
    }

    public static Command Override()
    {
        var task = CliOptions.Id("--task", "The id of the task to override.", "a task id");
        task.Required = true;
        var action = CliOptions.Choice<OverrideAction?>("--action",
            "retry: run it again (a failed, blocked, skipped or retry-waiting task; a retry timer is cut short). " +
            "skip: do not run it; its dependents may run. succeed: count it as succeeded; its dependents may run. " +
            "cancel: fail it for good; its dependents are blocked. A running attempt is killed first (except for retry, which is refused).",
            Actions);
        action.Required = true;
        var reason = CommonOptions.Reason();
        var target = new ControlTargetOptions();
        var command = new Command("override",
            "Decide a task's fate by hand in the running executor: --task ID --action retry|skip|succeed|cancel. " +
            $"Every override counts against the run's autonomy score and is written to the log. {ExitCodeHelp}")
        {
            task, action, reason,
        };
        target.AddTo(command);
        command.SetAction((result, cancellationToken) => CallAsync(target.Read(result), (client, run, options) => client.OverrideTaskAsync(
            new OverrideTaskRequest { RunId = run, TaskId = result.GetRequiredValue(task), Action = result.GetRequiredValue(action)!.Value, Reason = result.GetValue(reason) ?? "" },
            options), cancellationToken));
        return command;
    }

    private const string ExitCodeHelp =
        "Finds the executor through the home alone, or at --address (one started with --grpc-port). " +
        "Exit code 0 when done (or nothing needed doing), 1 when no executor runs on the home (or answers at --address) or it refuses, 2 for bad arguments.";

    private static Task<int> CallAsync(
        ControlTarget target, Func<SchedulerService.SchedulerServiceClient, string, CallOptions, AsyncUnaryCall<ControlResponse>> call,
        CancellationToken cancellationToken) =>
        ControlCall.RunAsync(target, "steer", (client, options) => call(client, target.RunId, options), response =>
        {
            Console.WriteLine(response.Message);
            var recorded = response.JournalPosition > 0 ? $"recorded as journal event {response.JournalPosition}" : "nothing changed";
            Console.Error.WriteLine($"run {response.RunId}: {StateName(response.State)}; {recorded}");
        }, cancellationToken);

    /// <summary>A run's state in the words the CLI prints.</summary>
    internal static string StateName(RunState state) => state switch
    {
        RunState.Running => "running",
        RunState.Paused => "paused",
        RunState.Completed => "completed",
        RunState.Failed => "failed",
        RunState.Stopped => "stopped",
        _ => "unknown",
    };
}
