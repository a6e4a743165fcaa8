namespace TaskMaster.IntegrationTests.Storage;

/// <summary>A fresh run id per test: tests share the servers, never their keys.</summary>
internal static class TestRuns
{
    public static string NewId() => $"run-{Guid.NewGuid():N}"[..24];
}
