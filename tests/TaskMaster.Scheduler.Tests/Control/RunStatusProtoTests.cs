using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Tests.ReadModel;
using TaskMaster.Scheduler.Control;
using Proto = TaskMaster.Contracts.Control.V1;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Scheduler.Tests.Control;

public sealed class RunStatusProtoTests
{
    [Fact]
    public void ToReport_OfToProto_SameReport()
    {
        var report = RunStatusSamples.Full();

        var back = report.ToProto().ToReport(detailed: true);

        Assert.Equal(RunStatusJson.Serialize(report), RunStatusJson.Serialize(back));
    }

    [Fact]
    public void ToReport_OfToProtoWithoutTheOptionalParts_SameReport()
    {
        var report = RunStatusSamples.Full() with
        {
            StateReason = null, StartedAt = null, EtaSeconds = null, LastCheckpoint = null, MonitorUrl = null,
            Tasks = null, RecentErrors = null, Resources = null, CurrentTasks = [],
        };

        var back = report.ToProto().ToReport(detailed: false);

        Assert.Equal(RunStatusJson.Serialize(report), RunStatusJson.Serialize(back));
    }

    [Fact]
    public void ProtoEnums_ListTheReportsValuesInTheSameOrderAfterUnspecified()
    {
        Assert.Equal(Enum.GetNames<RunPhase>(), Enum.GetValues<RunPhase>().Select(v => ((Proto.RunState)((int)v + 1)).ToString()));
        Assert.Equal(Enum.GetNames<TaskStatus>(), Enum.GetValues<TaskStatus>().Select(v => ((Proto.TaskState)((int)v + 1)).ToString()));
        Assert.Equal(Enum.GetNames<ErrorKind>(), Enum.GetValues<ErrorKind>().Select(v => ((Proto.ErrorKind)((int)v + 1)).ToString()));
        Assert.Equal(Enum.GetValues<TaskStatus>().Length + 1, Enum.GetValues<Proto.TaskState>().Length);
    }
}
