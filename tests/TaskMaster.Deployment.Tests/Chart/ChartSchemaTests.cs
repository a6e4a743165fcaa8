namespace TaskMaster.Deployment.Tests.Chart;

/// <summary>values.schema.json refuses bad values before anything renders, naming the value and what was expected.</summary>
public sealed class ChartSchemaTests
{
    [Theory]
    [InlineData("worker.replicas=-1", "at '/worker/replicas': minimum: got -1, want 0")]
    [InlineData("workers.replicas=3", "at '': additional properties 'workers' not allowed")]
    [InlineData("rabbitmq.mode=external", "at '/rabbitmq/external/existingSecret': minLength: got 0, want 1")]
    [InlineData("redis.mode=cluster", "at '/redis/mode': value must be one of 'builtIn', 'external'")]
    [InlineData("s3.mode=external,s3.external.existingSecret=prod-s3", "at '/s3/external/url': minLength: got 0, want 1")]
    [InlineData("queuePrefix=Task_Master", "at '/queuePrefix': 'Task_Master' does not match pattern '^[a-z0-9][a-z0-9-]{0,62}$'")]
    [InlineData("s3.bucket=AB", "at '/s3/bucket': 'AB' does not match pattern")]
    [InlineData("image.pullPolicy=Sometimes", "at '/image/pullPolicy': value must be one of 'Always', 'IfNotPresent', 'Never'")]
    [InlineData("monitoring.prometheusOperator=yes", "at '/monitoring/prometheusOperator': value must be one of 'auto', 'enabled', 'disabled'")]
    [InlineData("worker.resources.limits.memory=lots", "at '/worker/resources/limits/memory': 'lots' does not match pattern")]
    [InlineData("worker.autoscaling.enabled=true,worker.keda.enabled=true", "at '/worker/keda/enabled': value must be false")]
    [InlineData("sharedVolume.enabled=true", "at '/sharedVolume/existingClaim': minLength: got 0, want 1")]
    [InlineData("worker.extraEnv[0].name=PATH", "at '/worker/extraEnv/0/name': 'PATH' does not match pattern '^TASKMASTER_[A-Z0-9_]+$'")]
    public async Task Template_BadValue_RefusedNamingIt(string setting, string message)
    {
        using var chart = new ChartCopy();

        var result = await chart.TemplateAsync("--set", setting);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("values don't meet the specifications of the schema(s)", result.Error);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public async Task Template_NumberGivenAsText_RefusedNamingTheTypeWanted()
    {
        using var chart = new ChartCopy();

        var result = await chart.TemplateAsync("--set-string", "worker.drainTimeoutSeconds=soon");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("at '/worker/drainTimeoutSeconds': got string, want integer", result.Error);
    }

    [Fact]
    public async Task Template_LeaseShorterThanTheMinimum_RefusedNamingTheMinimum()
    {
        using var chart = new ChartCopy();

        // --set-json: helm's --set gives a decimal as a string (refused below as one).
        var result = await chart.TemplateAsync("--set-json", "scheduler.leaseSeconds=0.1");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("at '/scheduler/leaseSeconds': minimum: got 0.1, want 0.5", result.Error);
    }

    [Fact]
    public async Task Template_DecimalLeaseGivenWithSet_RefusedAsTextNotANumber()
    {
        using var chart = new ChartCopy();

        var result = await chart.TemplateAsync("--set", "scheduler.leaseSeconds=2.5");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("at '/scheduler/leaseSeconds': got string, want number", result.Error);
    }
}
