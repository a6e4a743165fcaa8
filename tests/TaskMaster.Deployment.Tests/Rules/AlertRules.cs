using TaskMaster.Deployment.Tests.Dashboards;
using YamlDotNet.RepresentationModel;

namespace TaskMaster.Deployment.Tests.Rules;

/// <summary>The alerts of <c>charts/taskmaster/files/taskmaster.rules.yaml</c> and the promtool unit tests beside it, as YAML.</summary>
internal static class AlertRules
{
    public static string TestsFolder { get; } = Path.Combine(DashboardFiles.FilesFolder, "tests");

    /// <summary>Every alerting rule, by its name.</summary>
    public static IReadOnlyDictionary<string, YamlMappingNode> Alerts { get; } = Load(DashboardFiles.RulesFile)
        .Children[new YamlScalarNode("groups")].AllNodes.OfType<YamlMappingNode>()
        .Where(rule => rule.Children.ContainsKey(new YamlScalarNode("alert")))
        .ToDictionary(rule => Scalar(rule, "alert")!, StringComparer.Ordinal);

    /// <summary>Each alert_rule_test case of the unit tests: the alert it evaluates and how many alerts it expects then.</summary>
    public static IReadOnlyList<(string Alert, int Expected)> UnitTestCases { get; } = [.. Directory.GetFiles(TestsFolder, "*.yaml")
        .SelectMany(file => ((YamlSequenceNode)Load(file).Children[new YamlScalarNode("tests")]).Children.OfType<YamlMappingNode>())
        .SelectMany(test => test.Children.TryGetValue(new YamlScalarNode("alert_rule_test"), out var cases) ? ((YamlSequenceNode)cases).Children.OfType<YamlMappingNode>() : [])
        .Select(c => (Scalar(c, "alertname")!, ((YamlSequenceNode)c.Children[new YamlScalarNode("exp_alerts")]).Children.Count))];

    public static string? Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next)) return null;
            current = next;
        }
        return (current as YamlScalarNode)?.Value;
    }

    private static YamlMappingNode Load(string file)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(file);
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }
}
