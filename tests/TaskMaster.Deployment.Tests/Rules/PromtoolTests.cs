using TaskMaster.Deployment.Tests.Dashboards;

namespace TaskMaster.Deployment.Tests.Rules;

/// <summary>The chart's alert rules as Prometheus's own tool sees them: valid, and behaving as their unit tests say.</summary>
public sealed class PromtoolTests
{
    [Fact]
    public async Task CheckRules_TheRulesFile_IsValid()
    {
        var result = await DashboardFiles.RunAsync("promtool", ["check", "rules", DashboardFiles.RulesFile], DashboardFiles.FilesFolder);

        Assert.True(result.Succeeded, result.Printed);
        Assert.Contains($"SUCCESS: {AlertRules.Alerts.Count} rules found", result.Printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestRules_EveryUnitTest_Passes()
    {
        var tests = Directory.GetFiles(AlertRules.TestsFolder, "*.yaml").Order(StringComparer.Ordinal).ToList();

        var result = await DashboardFiles.RunAsync("promtool", ["test", "rules", .. tests], AlertRules.TestsFolder);

        Assert.True(result.Succeeded, result.Printed);
        Assert.DoesNotContain("FAILED", result.Printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestRules_AnExpectationTheRulesDoNotMeet_Fails()
    {
        var folder = Directory.CreateTempSubdirectory("taskmaster-rules-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "tests"));
            File.Copy(DashboardFiles.RulesFile, Path.Combine(folder, "taskmaster.rules.yaml"));
            var test = Path.Combine(folder, "tests", "services.test.yaml");
            var text = await File.ReadAllTextAsync(Path.Combine(AlertRules.TestsFolder, "services.test.yaml"));
            await File.WriteAllTextAsync(test, text.Replace("{ severity: critical, job: taskmaster-worker,", "{ severity: warning, job: taskmaster-worker,", StringComparison.Ordinal));

            var result = await DashboardFiles.RunAsync("promtool", ["test", "rules", test], Path.Combine(folder, "tests"));

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("alertname: TaskMasterServiceDown", result.Printed, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
