using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Checkpoint;
using TaskMaster.Cli.Hosting;
using TaskMaster.Contracts.Control.V1;
using TaskMaster.Core.Display;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Cli.Commands;

/// <summary><c>task-master checkpoint</c>: asks the running executor for a checkpoint, or lists the home's checkpoints.</summary>
internal static class CheckpointCommand
{
    public static Command Create()
    {
        var save = new Option<bool>("--save")
        {
            Description = "Make the executor running on this home write a checkpoint now, and print its path.",
        };
        var force = new Option<bool>("--force")
        {
            Description = "With --save: write one even if one was just taken or the run is paused.",
        };
        var target = new ControlTargetOptions();
        var command = new Command("checkpoint",
            "With --save, make the running executor (found through the home alone) write a checkpoint now. " +
            "Without it, list the home's checkpoints, newest first, and whether each is valid. " +
            "Exit code 1 when no executor runs on the home.")
        {
            save, force,
        };
        target.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            var where = target.Read(result);
            return result.GetValue(save)
                ? SaveAsync(where, result.GetValue(force), cancellationToken)
                : ListAsync(where.Home, cancellationToken);
        });
        return command;
    }

    private static Task<int> SaveAsync(ControlTarget target, bool force, CancellationToken cancellationToken) =>
        ControlCall.RunAsync(target, "checkpoint",
            (client, options) => client.TakeCheckpointAsync(new TakeCheckpointRequest { Force = force }, options),
            taken =>
            {
                Console.WriteLine(taken.Path);
                if (taken.MirrorPath.Length > 0) Console.Error.WriteLine($"mirror: {taken.MirrorPath}");
                Console.Error.WriteLine($"checkpoint #{taken.Sequence} of run {taken.RunId}, covering journal event {taken.JournalPosition}");
            }, cancellationToken);

    private static async Task<int> ListAsync(HomeLayout home, CancellationToken cancellationToken)
    {
        using var store = new FileCheckpointStore(CheckpointStoreOptions.For(home), TimeProvider.System, NullLogger<FileCheckpointStore>.Instance);
        var all = store.List();
        if (all.Count == 0)
        {
            Console.WriteLine($"No checkpoints in {home.Home}.");
            return ExitCodes.Success;
        }
        foreach (var info in all)
        {
            var load = await store.LoadAsync(info.Path, cancellationToken: cancellationToken).ConfigureAwait(false);
            var verdict = load.Found
                ? $"valid   run {load.Document.RunId} #{load.Document.Sequence} {load.Document.Reason}, journal {load.Document.Journal.Position}, {ClockTime.Format(load.Document.Timestamp)}"
                : $"INVALID {load.Refused[0].Refusal.Reason}";
            Console.WriteLine($"{info.Path}  {verdict}");
        }
        return ExitCodes.Success;
    }
}
