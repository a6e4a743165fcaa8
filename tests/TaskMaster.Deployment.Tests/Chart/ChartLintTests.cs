namespace TaskMaster.Deployment.Tests.Chart;

public sealed class ChartLintTests
{
    [Fact]
    public async Task Lint_StrictWithDefaultValues_ReportsNothing()
    {
        using var chart = new ChartCopy();

        var result = await ChartTools.HelmAsync("lint", "--strict", chart.Folder);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("1 chart(s) linted, 0 chart(s) failed", result.Output);
        Assert.DoesNotContain("[WARNING]", result.Output);
        Assert.DoesNotContain("[ERROR]", result.Output);
    }

    [Theory]
    [MemberData(nameof(ChartScenarios.CiValueFiles), MemberType = typeof(ChartScenarios))]
    public async Task Lint_StrictWithCiValues_ReportsNothing(string values)
    {
        using var chart = new ChartCopy();

        var result = await ChartTools.HelmAsync("lint", "--strict", chart.Folder, "-f", chart.CiValues(values));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("[WARNING]", result.Output);
        Assert.DoesNotContain("[ERROR]", result.Output);
    }
}
