using System.Text.RegularExpressions;
using TaskMaster.Deployment.Tests.Dashboards;

namespace TaskMaster.Deployment.Tests.Rules;

/// <summary>Each alert is one a person on call can act on: severity, summary, description, a runbook in docs/grafana.md, and unit tests both ways.</summary>
public sealed partial class AlertRuleTests
{
    public static TheoryData<string> Alerts => [.. AlertRules.Alerts.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Alerts))]
    public void Alert_HasAUnitTestWhereItFires_AndOneWhereItStaysQuiet(string alert)
    {
        var cases = AlertRules.UnitTestCases.Where(c => c.Alert == alert).ToList();

        Assert.Contains(cases, c => c.Expected > 0);
        Assert.Contains(cases, c => c.Expected == 0);
    }

    [Theory]
    [MemberData(nameof(Alerts))]
    public void Alert_HasASeveritySummaryAndDescription_AndItsRunbookIsASectionOfGrafanaMd(string alert)
    {
        var rule = AlertRules.Alerts[alert];
        var docs = File.ReadAllText(Path.Combine(Repository.Root, "docs", "grafana.md"));

        Assert.True(AlertRules.Scalar(rule, "labels", "severity") is "warning" or "critical", alert);
        Assert.False(string.IsNullOrWhiteSpace(AlertRules.Scalar(rule, "annotations", "summary")));
        Assert.False(string.IsNullOrWhiteSpace(AlertRules.Scalar(rule, "annotations", "description")));
        Assert.Equal($"docs/grafana.md#{alert.ToLowerInvariant()}", AlertRules.Scalar(rule, "annotations", "runbook_url"));
        // GitHub's anchor of a heading is its text in lower case.
        Assert.Contains(Headings().Matches(docs), m => m.Groups["title"].Value == alert);
    }

    [GeneratedRegex(@"^#{2,4} (?<title>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Headings();
}
