using System.CommandLine;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Checkpoint;
using TaskMaster.Cli.Hosting;
using TaskMaster.Contracts.Control.V1;
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
        var home = CommonOptions.Home();
        var command = new Command("checkpoint",
            "With --save, make the running executor (found through the home alone) write a checkpoint now. " +
            "Without it, list the home's checkpoints, newest first, and whether each is valid. " +
            "Exit code 1 when no executor runs on the home.")
        {
            save, force, home,
        };
        command.SetAction((result, cancellationToken) =>
        {
            var layout = HomeLayout.Resolve(result.GetValue(home));
            return result.GetValue(save)
                ? SaveAsync(layout, result.GetValue(force), cancellationToken)
                : ListAsync(layout, cancellationToken);
        });
        return command;
    }

    private static async Task<int> SaveAsync(HomeLayout home, bool force, CancellationToken cancellationToken)
    {
        using var connection = ControlClient.Connect(home);
        if (connection.Client is not { } client)
        {
            Console.Error.WriteLine($"task-master: {connection.Problem}; nothing to checkpoint.");
            return ExitCodes.TasksFailed;
        }
        try
        {
            var taken = await client.TakeCheckpointAsync(new TakeCheckpointRequest { Force = force }, cancellationToken: cancellationToken)
                .ResponseAsync.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            Console.WriteLine(taken.Path);
            if (taken.MirrorPath.Length > 0) Console.Error.WriteLine($"mirror: {taken.MirrorPath}");
            Console.Error.WriteLine($"checkpoint #{taken.Sequence} of run {taken.RunId}, covering journal event {taken.JournalPosition}");
            return ExitCodes.Success;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal)
        {
            Console.Error.WriteLine($"task-master: no executor is running on {home.Home} (its control socket does not answer).");
            return ExitCodes.TasksFailed;
        }
        catch (RpcException e)
        {
            Console.Error.WriteLine($"task-master: the executor refused: {e.Status.Detail}");
            return ExitCodes.TasksFailed;
        }
    }

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
                ? $"valid   run {load.Document.RunId} #{load.Document.Sequence} {load.Document.Reason}, journal {load.Document.Journal.Position}, {load.Document.Timestamp:u}"
                : $"INVALID {load.Refused[0].Refusal.Reason}";
            Console.WriteLine($"{info.Path}  {verdict}");
        }
        return ExitCodes.Success;
    }
}
