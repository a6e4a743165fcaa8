using System.CommandLine;
using TaskMaster.Cli.Parsing;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Cli.Commands;

/// <summary>
/// Where <c>status</c>, <c>pause</c>, <c>continue</c>, <c>stop</c>, <c>override</c> and <c>checkpoint --save</c> find the executor:
/// through the home (its Unix socket), or at the gRPC address of one started with <c>--grpc-port</c>.
/// </summary>
internal sealed class ControlTargetOptions
{
    public Option<string?> Home { get; } = CommonOptions.Home();

    public Option<Uri?> Address { get; } = CliOptions.Url("--address",
        "Call the executor at this gRPC address (one started with --grpc-port), e.g. http://build-host:7421, " +
        "instead of the one running on the home. The token comes from --token-file, else the home's control.token.",
        "http://127.0.0.1:7421");

    public Option<FileInfo> TokenFile { get; } = CliOptions.InputFile("--token-file",
        "With --address: the executor's control.token (a copy of $TASKMASTER_HOME/control.token on its machine).",
        "a copy of the executor's control.token");

    public Option<string?> Run { get; } = CommonOptions.Run("With --server: the run to act on (an id from `task-master --server URL runs`). Default: the service's only run.");

    public void AddTo(Command command)
    {
        command.Options.Add(Home);
        command.Options.Add(Address);
        command.Options.Add(TokenFile);
        command.Options.Add(Run);
    }

    /// <summary>The executor named on this command, or the scheduler service named before it (<c>--server</c>).</summary>
    public ControlTarget Read(ParseResult result)
    {
        var server = ServerOptions.Read(result);
        return new(HomeLayout.Resolve(result.GetValue(Home)), result.GetValue(Address) ?? server?.Address,
            result.GetValue(TokenFile)?.FullName ?? server?.TokenFile, result.GetValue(Run) ?? "", IsServer: server is not null && result.GetValue(Address) is null);
    }
}

/// <summary>An executor to call: the home's (<see cref="Address"/> null), or the one at <see cref="Address"/> (a scheduler service with <see cref="IsServer"/>).</summary>
/// <param name="RunId">The run to act on; empty for the only one.</param>
internal sealed record ControlTarget(HomeLayout Home, Uri? Address, string? TokenFile, string RunId = "", bool IsServer = false)
{
    /// <summary>Why it did not answer, in the words of a message.</summary>
    public string NotAnswering => Address is { } address
        ? $"no {(IsServer ? "scheduler service" : "executor")} answers at {address}"
        : $"no executor is running on {Home.Home} (its control socket does not answer)";
}
