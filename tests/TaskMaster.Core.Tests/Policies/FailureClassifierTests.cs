using TaskMaster.Core.Policies;
using TaskMaster.Core.Queue;

namespace TaskMaster.Core.Tests.Policies;

public sealed class FailureClassifierTests
{
    [Theory]
    [InlineData(TaskFailureKind.Timeout, null, TaskFailureClass.Transient)]
    [InlineData(TaskFailureKind.Signal, null, TaskFailureClass.Transient)]
    [InlineData(TaskFailureKind.ExitCode, 75, TaskFailureClass.Transient)]
    [InlineData(TaskFailureKind.ExitCode, 1, TaskFailureClass.Permanent)]
    [InlineData(TaskFailureKind.SuccessCriteria, 0, TaskFailureClass.Permanent)]
    [InlineData(TaskFailureKind.StartFailed, null, TaskFailureClass.Permanent)]
    [InlineData(TaskFailureKind.ExecutorError, null, TaskFailureClass.Critical)]
    [InlineData(TaskFailureKind.WorkerLost, null, TaskFailureClass.Transient)]
    public void Classify_DefaultRetryOn_FollowsTheFormat(TaskFailureKind kind, int? exitCode, TaskFailureClass expected)
    {
        Assert.Equal(expected, FailureClassifier.Classify(RetryOn.Default, kind, exitCode));
    }

    [Fact]
    public void Classify_RetryOnListsExitCodesOnly_TimeoutIsPermanent()
    {
        var retryOn = new RetryOn(new HashSet<int> { 3, 4 }, Timeout: false, Signal: false);

        Assert.Equal(TaskFailureClass.Transient, FailureClassifier.Classify(retryOn, TaskFailureKind.ExitCode, 4));
        Assert.Equal(TaskFailureClass.Permanent, FailureClassifier.Classify(retryOn, TaskFailureKind.Timeout, null));
        Assert.Equal(TaskFailureClass.Permanent, FailureClassifier.Classify(retryOn, TaskFailureKind.ExitCode, 75));
    }

    [Fact]
    public void Classify_WorkerLost_IsTransientWhateverRetryOnSays()
    {
        var retryOn = new RetryOn(new HashSet<int>(), Timeout: false, Signal: false);

        Assert.Equal(TaskFailureClass.Transient, FailureClassifier.Classify(retryOn, TaskFailureKind.WorkerLost, null));
    }
}
