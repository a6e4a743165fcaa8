using System.Text;
using System.Text.Json;
using TaskMaster.Core.ReadModel;
using TaskMaster.Monitor.Api;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Monitor.Tests.Api;

public sealed class TaskRowJsonTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 23, 22, 14, 123, TimeSpan.Zero);

    public static TheoryData<TaskRow> Rows() =>
    [
        new TaskRow("pending-one", TaskStatus.Pending, 0, 1, 0, null, null, null, null, null, null, null),
        new TaskRow("running", TaskStatus.Running, 2, 3, 42.5, "half way \"there\" <b>", Start.AddTicks(4567), null, null, "exit 1", null, null),
        new TaskRow("waiting", TaskStatus.RetryWaiting, 1, 3, 0, null, Start, Start.AddSeconds(1.5), 1.5, "timed out: ünïcode ✓\n", null, Start.AddSeconds(9)),
        new TaskRow("blocked", TaskStatus.Blocked, 0, 1, 0, null, null, null, null, null, "build", null),
        new TaskRow("done", TaskStatus.Succeeded, 1, 1, 100, "ok", Start, Start.AddMilliseconds(1), 0.001, null, null, null),
    ];

    [Theory]
    [MemberData(nameof(Rows))]
    public void Write_AnyRow_IsByteForByteWhatTheSerializerWrites(TaskRow row)
    {
        var written = new MemoryStream();
        using (var writer = new Utf8JsonWriter(written)) TaskRowJson.Write(writer, row);

        Assert.Equal(JsonSerializer.Serialize(row, MonitorJson.Options), Encoding.UTF8.GetString(written.ToArray()));
    }
}
