namespace TaskMaster.Deployment.Tests.Chart;

/// <summary>The value sets every rendering check runs on: the defaults, each of <c>ci/*-values.yaml</c>, a cluster with the prometheus-operator.</summary>
internal static class ChartScenarios
{
    /// <summary>The chart's four services, each a Deployment, Service and ConfigMap <c>taskmaster-&lt;service&gt;</c>.</summary>
    public static readonly string[] Services = ["scheduler", "worker", "checkpoint", "monitor"];

    public static TheoryData<string> All => ["defaults", "all-features", "external", "autoscaling", "operator-detected"];

    /// <summary>helm's arguments for <paramref name="scenario"/>.</summary>
    public static string[] Arguments(ChartCopy chart, string scenario) => scenario switch
    {
        "defaults" => [],
        "all-features" => ["-f", chart.CiValues("all-features-values.yaml")],
        "external" => ["-f", chart.CiValues("external-values.yaml")],
        "autoscaling" => ["-f", chart.CiValues("autoscaling-values.yaml")],
        "operator-detected" => ["--api-versions", "monitoring.coreos.com/v1"],
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "no such scenario"),
    };

    /// <summary>Each ci/ value file (helm lint gets it as -f).</summary>
    public static TheoryData<string> CiValueFiles => ["all-features-values.yaml", "external-values.yaml", "autoscaling-values.yaml"];
}
