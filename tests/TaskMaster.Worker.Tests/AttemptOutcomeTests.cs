using TaskMaster.Core.Policies;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Worker.Tests.Support;

namespace TaskMaster.Worker.Tests;

public sealed class AttemptOutcomeTests
{
    private static readonly TimeSpan Took = TimeSpan.FromSeconds(2);

    [Fact]
    public void Decide_ExitCodeAccepted_ReportsSuccess()
    {
        var result = Decide(Launch(), exitCode: 0);

        Assert.True(result.Succeeded);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Took, result.Duration);
    }

    [Fact]
    public void Decide_ExitCodeNotAccepted_ReportsExitCode()
    {
        var result = Decide(Launch(), exitCode: 3);

        Assert.Equal(TaskFailureKind.ExitCode, result.FailureKind);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("exit code 3 (success is exit 0)", result.Reason);
    }

    [Fact]
    public void Decide_ExitCodeOf128PlusSignal_ReportsSignal()
    {
        var result = Decide(Launch(), exitCode: 143);

        Assert.Equal(TaskFailureKind.Signal, result.FailureKind);
        Assert.Equal(15, result.Signal);
        Assert.Null(result.ExitCode);
        Assert.Equal("killed by signal 15 (SIGTERM)", result.Reason);
    }

    [Fact]
    public void Decide_ExitCodeOf128PlusSignalAccepted_ReportsSuccess()
    {
        var result = Decide(Launch(new SuccessCriteria(new HashSet<int> { 0, 137 }, [], [])), exitCode: 137);

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Decide_KilledByUsForTimeout_ReportsTimeoutNotSignal()
    {
        var result = Decide(Launch(timeout: TimeSpan.FromSeconds(30)), exitCode: 143, AttemptKill.Timeout, detail: "SIGTERM; all processes ended within 0.2s");

        Assert.Equal(TaskFailureKind.Timeout, result.FailureKind);
        Assert.Null(result.Signal);
        Assert.Equal("timed out after 30s; SIGTERM; all processes ended within 0.2s", result.Reason);
    }

    [Fact]
    public void Decide_KilledByUsOnCancel_ReportsCancelled()
    {
        var result = Decide(Launch(), exitCode: 137, AttemptKill.Cancelled, detail: "SIGKILL (2 processes)");

        Assert.Equal(TaskFailureKind.Cancelled, result.FailureKind);
        Assert.Equal("cancelled; SIGKILL (2 processes)", result.Reason);
    }

    [Fact]
    public void Decide_ExecutorFault_ReportsExecutorErrorWithItsMessage()
    {
        var result = Decide(Launch(), exitCode: 0, AttemptKill.ExecutorError, detail: "No space left on device");

        Assert.Equal(TaskFailureKind.ExecutorError, result.FailureKind);
        Assert.Equal("No space left on device", result.Reason);
    }

    [Fact]
    public void Decide_ExitAcceptedButStdoutTextMissing_ReportsSuccessCriteria()
    {
        var result = Decide(Launch(new SuccessCriteria(new HashSet<int> { 0 }, [], ["done"])), exitCode: 0);

        Assert.Equal(TaskFailureKind.SuccessCriteria, result.FailureKind);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("stdout did not contain 'done'", result.Reason);
    }

    [Fact]
    public void Decide_Failure_CarriesTheStderrTail()
    {
        var result = AttemptOutcome.Decide(Launch(), 1, AttemptKill.None, null, _ => false, _ => false, Took, ["oops"]);

        Assert.Equal(["oops"], result.StderrTail);
    }

    [Fact]
    public void Describe_Failure_StatesKindReasonAndDuration()
    {
        var text = AttemptOutcome.Describe(Decide(Launch(), exitCode: 3));

        Assert.Equal("failed (ExitCode): exit code 3 (success is exit 0), after 2s", text);
    }

    private static TaskAttemptResult Decide(TaskLaunch launch, int exitCode, AttemptKill kill = AttemptKill.None, string? detail = null) =>
        AttemptOutcome.Decide(launch, exitCode, kill, detail, fileExists: _ => false, stdoutContained: _ => false, Took, []);

    private static TaskLaunch Launch(SuccessCriteria? success = null, TimeSpan? timeout = null) =>
        new("run", 0, ExecutorHarness.Task("true") with { Success = success ?? SuccessCriteria.Default, Timeout = timeout }, 1, "/queue");
}
