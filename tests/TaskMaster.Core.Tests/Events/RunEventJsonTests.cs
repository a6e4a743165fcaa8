using TaskMaster.Core.Events;

namespace TaskMaster.Core.Tests.Events;

public sealed class RunEventJsonTests
{
    private static readonly DateTimeOffset T = SampleEvents.T;

    public static TheoryData<RunEvent> Events() => [.. SampleEvents.All()];

    [Theory]
    [MemberData(nameof(Events))]
    public void Serialize_ThenDeserialize_GivesTheSameEvent(RunEvent original)
    {
        original.Sequence = 7;

        var back = RunEventJson.Deserialize(RunEventJson.Serialize(original));

        Assert.Equal(original.GetType(), back.GetType());
        Assert.Equal(7, back.Sequence);
        Assert.Equal(RunEventJson.Serialize(original), RunEventJson.Serialize(back));
    }

    [Fact]
    public void Serialize_NamesTheEventTypeInTheJson()
    {
        var json = System.Text.Encoding.UTF8.GetString(RunEventJson.Serialize(new TaskStarted(T, "a", 1)));

        Assert.Contains("\"type\":\"TaskStarted\"", json);
        Assert.Contains("\"taskId\":\"a\"", json);
    }

    [Fact]
    public void Deserialize_UnknownType_Throws()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => RunEventJson.Deserialize("{\"type\":\"Nope\"}"u8));
    }

    [Theory]
    [InlineData("{\"sequence\":3}")]
    [InlineData("{\"taskId\":\"a\",\"type\":\"TaskStarted\"}")]
    public void Deserialize_NoTypeDiscriminatorFirst_ThrowsJsonExceptionAsDocumented(string json)
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => RunEventJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Events_EveryDeclaredEventType_IsSampled()
    {
        var sampled = SampleEvents.All().Select(e => e.GetType()).ToHashSet();

        Assert.Equal(SampleEvents.DeclaredTypes().Select(t => t.Name).Order(), sampled.Select(t => t.Name).Order());
    }
}
