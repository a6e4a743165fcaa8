using TaskMaster.Chaos.Tests.Campaign;

[assembly: AssemblyFixture(typeof(StackFixture))]

namespace TaskMaster.Chaos.Tests.Campaign;

/// <summary>The assembly's one <see cref="ChaosStack"/>, started before its first test and stopped after its last.</summary>
public sealed class StackFixture : IAsyncLifetime
{
    public ChaosStack Stack { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Stack = await ChaosStack.StartAsync(ChaosStack.DefaultReplicas, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Stack is not null) await Stack.DisposeAsync();
    }
}
