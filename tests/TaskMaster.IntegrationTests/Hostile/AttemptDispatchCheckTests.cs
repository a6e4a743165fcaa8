using TaskMaster.RabbitMq.Messages;

namespace TaskMaster.IntegrationTests.Hostile;

/// <summary>
/// The worker's check of a dispatch, alone: what the scheduler sends passes (with or without
/// environment variables), and a bad variable is named.
/// </summary>
public sealed class AttemptDispatchCheckTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Problem_AnHonestDispatch_None(int variables)
    {
        var environment = Enumerable.Range(0, variables).Select(i => KeyValuePair.Create($"NAME_{i}", $"value {i}")).ToArray();

        Assert.Null(AttemptDispatchCheck.Problem(Dispatch(environment)));
    }

    [Theory]
    [InlineData("1ST", "x", "task.environment: '1ST' is not a variable name")]
    [InlineData("A-B", "x", "task.environment: 'A-B' is not a variable name")]
    [InlineData("GOOD", "a\0b", "task.environment: 'GOOD' is not a variable name, or its value holds a NUL")]
    public void Problem_ABadVariable_NamesIt(string name, string value, string expected)
    {
        var problem = AttemptDispatchCheck.Problem(Dispatch([KeyValuePair.Create("OK", "1"), KeyValuePair.Create(name, value)]));

        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    private static AttemptDispatch Dispatch(KeyValuePair<string, string>[] environment) => new(
        Guid.NewGuid(), "run-20261203-141500-ab12", 0, 1,
        new AttemptTask("build", "Build", "make", "bash", null, environment, null, [0], [], [], 0, 0),
        "/srv/queue", null);
}
